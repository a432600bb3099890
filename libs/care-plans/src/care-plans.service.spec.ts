import { randomUUID } from 'node:crypto';
import { HandoverReason, LeadProfessionalsService, CareTeamsService, CareTeamMemberKind } from '@app/care-teams';
import { OrganisationsService, ProfessionalsService, TeamKind, TeamsService } from '@app/organisations';
import { PersonsService } from '@app/persons';
import { today } from '@app/validation';
import { anOrganisation, aPerson, aProfessional } from '../../../test/support/builders';
import { refusalOf, rowCounts } from '../../../test/support/refusals';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { CareSector, CarePlanStatus, PlanActionStatus, ReviewReason, ReviewsDue } from './care-plan-codes';
import { CarePlan } from './care-plan.entity';
import { CarePlansService } from './care-plans.service';

type Input<F extends (input: never, ...rest: never[]) => unknown> = Parameters<F>[0];

const daysFromToday = (days: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const AGREED = { agreed: true, consentToShare: true, agreedOn: daysFromToday(-1) };

describe('CarePlansService (against the database)', () => {
  let t: TestApp;
  let plans: CarePlansService;
  let practiceId: string;
  let councilId: string;
  let socialCareTeamId: string;
  let coordinator: string; // a community matron, the lead of everyone here
  let socialWorker: string;
  const counts = () =>
    rowCounts(t.dataSource, ['care_plan', 'care_plan_version', 'care_plan_action', 'care_plan_sign_off', 'care_plan_review']);

  const aProfessionalId = async (overrides: Record<string, unknown> = {}) =>
    (await t.app.get(ProfessionalsService).create(aProfessional(overrides) as Input<ProfessionalsService['create']>)).id;
  /** Someone registered at the practice, led by the coordinator, with the council's social care team in their care team. */
  const someone = async (overrides: Record<string, unknown> = {}) => {
    const person = await t.app.get(PersonsService).register(aPerson(overrides) as Input<PersonsService['register']>);
    await t.app
      .get(LeadProfessionalsService)
      .assign({ nhsNumber: person.nhsNumber, professionalId: coordinator, expectedCurrentLeadId: null, reason: HandoverReason.ASSIGNED }, coordinator);
    await t.app.get(CareTeamsService).addMember({
      nhsNumber: person.nhsNumber,
      kind: CareTeamMemberKind.TEAM,
      teamId: socialCareTeamId,
      roleInCare: 'Adult social care',
    });
    return person.nhsNumber;
  };
  const healthAction = (overrides: Record<string, unknown> = {}) => ({
    description: 'Review medicines after the fall',
    sector: CareSector.HEALTH,
    professionalId: coordinator,
    dueDate: daysFromToday(14),
    status: PlanActionStatus.OPEN,
    ...overrides,
  });
  const socialAction = (overrides: Record<string, unknown> = {}) => ({
    description: 'Arrange a morning care call',
    sector: CareSector.SOCIAL_CARE,
    teamId: socialCareTeamId,
    dueDate: daysFromToday(7),
    status: PlanActionStatus.OPEN,
    ...overrides,
  });
  const create = (nhsNumber: string, content: Record<string, unknown> = {}, startDate?: string, by = coordinator) =>
    plans.create(
      {
        nhsNumber,
        startDate,
        content: { aboutMe: 'I have lived in Wivenhoe all my life', goals: ['To stay in my own home'], ...content },
      } as Input<CarePlansService['create']>,
      by,
    );
  const update = (plan: CarePlan, content: Record<string, unknown>, by = coordinator) =>
    plans.update({ carePlanId: plan.id, expectedVersion: plan.version, content } as Input<CarePlansService['update']>, by);
  const signOff = (plan: CarePlan, sector = CareSector.HEALTH, by = coordinator) =>
    plans.signOff({ carePlanId: plan.id, expectedVersion: plan.version, sector }, by);
  const activate = (plan: CarePlan, nextReviewDate?: string) =>
    plans.activate({ carePlanId: plan.id, expectedVersion: plan.version, nextReviewDate }, coordinator);
  /** A plan the lead has signed off and activated. */
  const activePlan = async (nhsNumber: string, content: Record<string, unknown> = {}, startDate?: string) => {
    const plan = await create(nhsNumber, { agreement: AGREED, ...content }, startDate);
    await signOff(plan);
    if (plan.isJoint) await signOff(plan, CareSector.SOCIAL_CARE, socialWorker);
    return activate(plan);
  };

  beforeAll(async () => {
    t = await startTestApp();
    plans = t.app.get(CarePlansService);
    const organisations = t.app.get(OrganisationsService);
    practiceId = (await organisations.create(anOrganisation({ odsCode: 'F81001' }) as Input<OrganisationsService['create']>)).id;
    councilId = (
      await organisations.create(anOrganisation({ name: 'Essex County Council', kind: 'LOCAL_AUTHORITY' }) as Input<OrganisationsService['create']>)
    ).id;
    socialCareTeamId = (
      await t.app.get(TeamsService).create({ name: 'Colchester adult social care', kind: TeamKind.SOCIAL_CARE, organisationId: councilId })
    ).id;
    coordinator = await aProfessionalId({ familyName: 'Shah' });
    socialWorker = await aProfessionalId({
      familyName: 'Okafor',
      profession: 'SOCIAL_WORKER',
      registrationBody: 'SOCIAL_WORK_ENGLAND',
      registrationNumber: 'SW100001',
    });
  });
  afterAll(() => t.close());

  describe('writing a plan', () => {
    it('saves a draft as version 1 by its author, every section kept, the actions as rows with their owners', async () => {
      const nhsNumber = await someone();
      const plan = await create(nhsNumber, {
        whatMattersToMe: 'My cat, Smudge, and my garden',
        needs: [
          { description: 'Falls at night', sector: CareSector.HEALTH },
          { description: 'Cannot manage the stairs to wash', sector: CareSector.SOCIAL_CARE },
        ],
        actions: [healthAction(), socialAction(), healthAction({ professionalId: null, organisationId: practiceId, description: 'Annual frailty review' })],
        contingency: { whoToCall: 'Susan (daughter) 07700 900123', outOfHours: 'Call 111 and say he has a care plan' },
        carer: { name: 'Susan Hale', relationship: 'daughter', support: "Carer's assessment offered" },
        endOfLife: { preferredPlaceOfCare: 'Home', resuscitationDecisionReference: 'ReSPECT form, GP record, 2025-03-01' },
      });
      expect(plan).toMatchObject({
        status: CarePlanStatus.DRAFT,
        version: 1,
        isJoint: true,
        startDate: today(),
        reviewIntervalDays: 90,
        nextReviewDate: null,
        createdBy: { id: coordinator },
        content: {
          whatMattersToMe: 'My cat, Smudge, and my garden',
          goals: ['To stay in my own home'],
          agreement: null,
          carer: { name: 'Susan Hale', relationship: 'daughter' },
        },
      });
      expect(plan.content.actions.every((a) => typeof a.id === 'string')).toBe(true);
      const actions = await plans.actionsOf([plan.id]);
      expect(actions.map((a) => [a.description, a.responsibleOrganisationId])).toEqual([
        ['Review medicines after the fall', null],
        ['Arrange a morning care call', councilId],
        ['Annual frailty review', practiceId],
      ]);
      expect(actions[1].team?.name).toBe('Colchester adult social care');
      const [version] = await plans.versionsOf([plan.id]);
      expect(version).toMatchObject({ version: 1, status: 'DRAFT', change: 'created', author: { id: coordinator } });
    });

    it('refuses actions owned by nobody known, by two owners, or due before the plan starts, writing nothing', async () => {
      const nhsNumber = await someone();
      const before = await counts();
      const refused = async (action: Record<string, unknown>, startDate?: string) =>
        refusalOf(create(nhsNumber, { actions: [healthAction(action)] }, startDate));
      expect(await refused({ professionalId: randomUUID() })).toBe('PROFESSIONAL_NOT_FOUND');
      expect(await refused({ professionalId: null, teamId: randomUUID() })).toBe('TEAM_NOT_FOUND');
      expect(await refused({ professionalId: null, organisationId: randomUUID() })).toBe('ORGANISATION_NOT_FOUND');
      expect(await refused({ organisationId: practiceId })).toBe('BAD_USER_INPUT');
      expect(await refused({ professionalId: null })).toBe('BAD_USER_INPUT');
      expect(await refused({ dueDate: daysFromToday(-1) })).toBe('DATES_OUT_OF_ORDER');
      expect(await refused({ dueDate: '2026-01-01' }, '2026-02-01')).toBe('DATES_OUT_OF_ORDER');
      expect(await refusalOf(create(nhsNumber, { nextReviewDate: '2025-12-31' }, '2026-01-01'))).toBe('DATES_OUT_OF_ORDER');
      expect(await refusalOf(create(nhsNumber, {}, undefined, randomUUID()))).toBe('NOT_AUTHORISED');
      expect(await counts()).toEqual(before);
    });
  });

  describe('the lifecycle', () => {
    it('activation needs the person\'s agreement and the lead\'s sign-off; then the next review is an interval away', async () => {
      const nhsNumber = await someone();
      let plan = await create(nhsNumber, { actions: [healthAction()], reviewIntervalDays: 30 });
      const before = await counts();
      expect(await refusalOf(activate(plan))).toBe('PLAN_AGREEMENT_MISSING');
      plan = await update(plan, { agreement: { ...AGREED, agreed: false } });
      expect(await refusalOf(activate(plan))).toBe('PLAN_AGREEMENT_MISSING');
      plan = await update(plan, { agreement: AGREED });
      const noSignOff = await activate(plan).catch((e) => e);
      expect(noSignOff).toMatchObject({ code: 'PLAN_SIGN_OFF_MISSING', details: { missing: ['LEAD'], leadProfessionalId: coordinator } });
      await signOff(plan, CareSector.HEALTH, socialWorker); // not the lead
      expect(await refusalOf(activate(plan))).toBe('PLAN_SIGN_OFF_MISSING');
      const afterUpdates = await counts();
      expect(afterUpdates.care_plan_version).toBe(before.care_plan_version + 2);

      expect(await signOff(plan)).toMatchObject({ asLead: true, planVersion: 3, sector: 'HEALTH', professional: { id: coordinator } });
      const active = await activate(plan);
      expect(active).toMatchObject({ status: 'ACTIVE', version: 4, nextReviewDate: daysFromToday(30), activatedAt: expect.any(Date) });
      expect(active.content.nextReviewDate).toBe(daysFromToday(30));
      expect(await refusalOf(activate(active))).toBe('PLAN_INVALID_TRANSITION');
      expect(await refusalOf(signOff(active))).toBe('PLAN_INVALID_TRANSITION');
      expect(await refusalOf(signOff(plan))).toBe('VERSION_CONFLICT');
      // An active plan is kept up to date (an action done, the review moved), but never without a review date.
      expect(await refusalOf(update(active, { nextReviewDate: null }))).toBe('BAD_USER_INPUT');
      const moved = await update(active, { nextReviewDate: daysFromToday(10), actions: [{ ...active.content.actions[0], status: PlanActionStatus.DONE }] });
      expect(moved).toMatchObject({ status: 'ACTIVE', version: 5, nextReviewDate: daysFromToday(10) });
      expect((await plans.actionsOf([plan.id])).map((a) => a.status)).toEqual(['DONE']);
    });

    it('a joint plan needs a sign-off from health and from social care, of the version being activated', async () => {
      const nhsNumber = await someone();
      let plan = await create(nhsNumber, { agreement: AGREED, actions: [healthAction(), socialAction()] });
      expect(plan.isJoint).toBe(true);
      await signOff(plan);
      expect(await activate(plan).catch((e) => e)).toMatchObject({
        code: 'PLAN_SIGN_OFF_MISSING',
        details: { missing: ['SOCIAL_CARE'] },
      });
      await signOff(plan, CareSector.SOCIAL_CARE, socialWorker);
      expect(await refusalOf(signOff(plan, CareSector.SOCIAL_CARE, socialWorker))).toBe('DUPLICATE');
      // A change after the sign-offs needs them again.
      plan = await update(plan, { whatMattersToMe: 'Going to church on Sundays' });
      expect(await activate(plan).catch((e) => e)).toMatchObject({ details: { missing: ['LEAD', 'HEALTH', 'SOCIAL_CARE'] } });
      await signOff(plan, CareSector.SOCIAL_CARE, socialWorker);
      await signOff(plan, CareSector.HEALTH);
      const active = await activate(plan);
      expect(active.status).toBe('ACTIVE');
      const signOffs = await plans.signOffsOf([plan.id]);
      expect(signOffs.filter((s) => s.planVersion === plan.version).map((s) => [s.professional.familyName, s.sector, s.asLead])).toEqual([
        ['Okafor', 'SOCIAL_CARE', false],
        ['Shah', 'HEALTH', true],
      ]);
    });

    it('a plan with no lead cannot be signed off into use', async () => {
      const nhsNumber = await someone();
      await t.app
        .get(LeadProfessionalsService)
        .end({ nhsNumber, expectedCurrentLeadId: coordinator, reason: HandoverReason.NO_LONGER_CASE_MANAGED }, coordinator);
      const plan = await create(nhsNumber, { agreement: AGREED });
      await signOff(plan);
      expect(await activate(plan).catch((e) => e)).toMatchObject({ code: 'PLAN_SIGN_OFF_MISSING', details: { missing: ['LEAD'] } });
    });

    it('a person has one current plan: a second is refused, and the database refuses it too', async () => {
      const nhsNumber = await someone();
      const first = await activePlan(nhsNumber);
      const second = await create(nhsNumber, { agreement: AGREED });
      await signOff(second);
      const before = await counts();
      expect(await activate(second).catch((e) => e)).toMatchObject({ code: 'PLAN_ALREADY_ACTIVE', details: { currentPlanId: first.id } });
      expect(await counts()).toEqual(before);
      const direct = t.dataSource.query(`UPDATE care_plan SET status = 'UNDER_REVIEW', next_review_date = start_date, activated_at = now() WHERE id = $1`, [second.id]);
      await expect(direct).rejects.toMatchObject({ driverError: expect.objectContaining({ constraint: 'care_plan_one_current' }) });

      await plans.close({ carePlanId: first.id, expectedVersion: first.version, reason: 'Replaced by a new plan' }, coordinator);
      expect((await activate(second)).status).toBe('ACTIVE');
    });

    it('a review keeps the plan current, and completing it needs sign-off again, records the outcome and sets the next review', async () => {
      const nhsNumber = await someone();
      const active = await activePlan(nhsNumber, { actions: [healthAction()] });
      expect(await refusalOf(plans.completeReview({ carePlanId: active.id, expectedVersion: active.version, outcome: 'x' }, coordinator))).toBe(
        'PLAN_INVALID_TRANSITION',
      );
      let plan = await plans.startReview(
        { carePlanId: active.id, expectedVersion: active.version, reason: ReviewReason.HOSPITAL_DISCHARGE, reasonNote: 'Home after a fall' },
        coordinator,
      );
      expect(plan).toMatchObject({ status: 'UNDER_REVIEW', version: active.version + 1 });
      expect(await refusalOf(plans.startReview({ carePlanId: plan.id, expectedVersion: plan.version, reason: ReviewReason.CRISIS }, coordinator))).toBe(
        'PLAN_INVALID_TRANSITION',
      );
      plan = await update(plan, { actions: [...plan.content.actions, healthAction({ description: 'Falls clinic referral' })] });
      const complete = (p: CarePlan) =>
        plans.completeReview({ carePlanId: p.id, expectedVersion: p.version, outcome: 'Falls clinic added' }, coordinator);
      expect(await refusalOf(complete(plan))).toBe('PLAN_SIGN_OFF_MISSING');
      await signOff(plan);
      const reviewed = await complete(plan);
      expect(reviewed).toMatchObject({ status: 'ACTIVE', nextReviewDate: daysFromToday(90) });
      const [review] = await plans.reviewsOf([plan.id]);
      expect(review).toMatchObject({
        reason: 'HOSPITAL_DISCHARGE',
        reasonNote: 'Home after a fall',
        startedBy: { id: coordinator },
        completedBy: { id: coordinator },
        fromVersion: active.version,
        toVersion: reviewed.version,
        outcome: 'Falls clinic added',
      });
      const changes = await plans.changes({ carePlanId: plan.id, fromVersion: review.fromVersion, toVersion: review.toVersion! });
      expect(changes.changes).toEqual([
        { path: expect.stringMatching(/^actions\[id=.+\]$/), before: null, after: expect.stringContaining('Falls clinic referral') },
      ]);
    });

    it('closing is once: a closed plan is not closed again, changed, reviewed or activated', async () => {
      const nhsNumber = await someone();
      const active = await activePlan(nhsNumber);
      const closed = await plans.close({ carePlanId: active.id, expectedVersion: active.version, reason: 'Moved to Devon' }, coordinator);
      expect(closed).toMatchObject({ status: 'CLOSED', closeReason: 'Moved to Devon', closedAt: expect.any(Date) });
      const before = await counts();
      const at = { carePlanId: closed.id, expectedVersion: closed.version };
      expect(await refusalOf(plans.close({ ...at, reason: 'Again' }, coordinator))).toBe('PLAN_ALREADY_CLOSED');
      expect(await refusalOf(update(closed, { aboutMe: 'x' }))).toBe('PLAN_ALREADY_CLOSED');
      expect(await refusalOf(activate(closed))).toBe('PLAN_ALREADY_CLOSED');
      expect(await refusalOf(plans.startReview({ ...at, reason: ReviewReason.SCHEDULED }, coordinator))).toBe('PLAN_ALREADY_CLOSED');
      expect(await counts()).toEqual(before);
      const draft = await create(nhsNumber);
      expect(await refusalOf(plans.startReview({ carePlanId: draft.id, expectedVersion: 1, reason: ReviewReason.SCHEDULED }, coordinator))).toBe(
        'PLAN_INVALID_TRANSITION',
      );
    });
  });

  describe('versions', () => {
    it('keeps every version as it was, and lists the fields that changed between any two', async () => {
      const nhsNumber = await someone();
      const v1 = await create(nhsNumber, { carer: { name: 'Susan', contact: '07700 900123' }, actions: [healthAction()] });
      const v2 = await update(v1, { carer: { name: 'Susan', contact: '07700 900999' }, goals: ['To stay in my own home', 'To see my grandson'] });
      const [action] = v2.content.actions;
      const v3 = await update(v2, { actions: [{ ...action, status: PlanActionStatus.DONE }], aboutMe: null });
      expect(v3.version).toBe(3);
      expect((await plans.version(v1.id, 1)).content).toMatchObject({ carer: { contact: '07700 900123' }, goals: ['To stay in my own home'] });
      expect((await plans.version(v1.id, 3)).content.aboutMe).toBeNull();
      const { changes } = await plans.changes({ carePlanId: v1.id, fromVersion: 1, toVersion: 3 });
      expect(changes).toEqual([
        { path: 'aboutMe', before: '"I have lived in Wivenhoe all my life"', after: 'null' },
        { path: `actions[id=${action.id}].status`, before: '"OPEN"', after: '"DONE"' },
        { path: 'carer.contact', before: '"07700 900123"', after: '"07700 900999"' },
        { path: 'goals[1]', before: null, after: '"To see my grandson"' },
      ]);
      expect(await refusalOf(plans.version(v1.id, 4))).toBe('PLAN_NOT_FOUND');
      expect(await refusalOf(plans.version(randomUUID(), 1))).toBe('PLAN_NOT_FOUND');
      // The database keeps versions as they were.
      await expect(t.dataSource.query(`UPDATE care_plan_version SET change = 'edited' WHERE care_plan_id = $1`, [v1.id])).rejects.toThrow(
        /never changed/,
      );
      await expect(t.dataSource.query(`DELETE FROM care_plan_version WHERE care_plan_id = $1`, [v1.id])).rejects.toThrow(/never changed/);
    });

    it('refuses an update from a stale version with VERSION_CONFLICT, writing nothing', async () => {
      const plan = await create(await someone());
      await update(plan, { aboutMe: 'First' });
      const before = await counts();
      const stale = await update(plan, { aboutMe: 'Second' }).catch((e) => e);
      expect(stale).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect(await counts()).toEqual(before);
      expect(await refusalOf(update({ ...plan, id: randomUUID() }, { aboutMe: 'x' }))).toBe('PLAN_NOT_FOUND');
    });

    it('of two updates racing from one version, one wins and the other is told VERSION_CONFLICT', async () => {
      const plan = await create(await someone());
      const results = await Promise.allSettled([update(plan, { aboutMe: 'One' }), update(plan, { aboutMe: 'Two' }, socialWorker)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((r) => r.reason.code)).toEqual(['VERSION_CONFLICT']);
      expect((await plans.versionsOf([plan.id])).map((v) => v.version)).toEqual([2, 1]);
    });
  });

  describe('lists', () => {
    it('lists overdue and upcoming reviews for a professional, a team and an organisation, by review date, a page at a time', async () => {
      const matron = await aProfessionalId({ familyName: 'Matron' });
      const team = (
        await t.app.get(TeamsService).create({ name: 'Tendring MDT', kind: TeamKind.MULTIDISCIPLINARY_TEAM, organisationId: practiceId })
      ).id;
      const planFor = async (familyName: string, nextReviewDate: string) => {
        const nhsNumber = await someone({ familyName });
        await t.app.get(CareTeamsService).addMember({ nhsNumber, kind: CareTeamMemberKind.PROFESSIONAL, professionalId: matron, roleInCare: 'Matron' });
        await t.app.get(CareTeamsService).addMember({ nhsNumber, kind: CareTeamMemberKind.TEAM, teamId: team, roleInCare: 'MDT' });
        return activePlan(nhsNumber, { nextReviewDate }, daysFromToday(-200));
      };
      const names = ['Overdue-by-10', 'Overdue-by-30', 'Overdue-by-1', 'Due-in-5', 'Due-in-60'];
      const dates = [-10, -30, -1, 5, 60].map(daysFromToday);
      const made = [];
      for (let i = 0; i < names.length; i++) made.push(await planFor(names[i], dates[i]));
      // Closed plans are no longer reviewed.
      const closed = await planFor('Closed', daysFromToday(-50));
      await plans.close({ carePlanId: closed.id, expectedVersion: closed.version, reason: 'Died' }, coordinator);

      const all = async (args: Record<string, unknown>) => {
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await plans.reviewsDue({ due: ReviewsDue.OVERDUE, withinDays: 28, first: 2, after, ...args } as Input<CarePlansService['reviewsDue']>);
          seen.push(...page.nodes.map((p) => p.person.familyName));
          if (!page.pageInfo.hasNextPage) return seen;
          after = page.pageInfo.endCursor!;
        }
      };
      const overdue = ['Overdue-by-30', 'Overdue-by-10', 'Overdue-by-1'];
      expect(await all({ professionalId: matron })).toEqual(overdue);
      expect(await all({ teamId: team })).toEqual(overdue);
      expect(await all({ professionalId: matron, due: ReviewsDue.UPCOMING })).toEqual(['Due-in-5']);
      expect(await all({ teamId: team, due: ReviewsDue.UPCOMING, withinDays: 60 })).toEqual(['Due-in-5', 'Due-in-60']);
      // The lead and the practice see these and the other plans in this file.
      expect(await all({ professionalId: coordinator })).toEqual(expect.arrayContaining(overdue));
      expect((await all({ organisationId: practiceId })).filter((n) => names.includes(n))).toEqual(overdue);
      expect((await all({ organisationId: councilId })).filter((n) => names.includes(n))).toEqual(overdue);
      expect(await refusalOf(all({ professionalId: randomUUID() }))).toBe('PROFESSIONAL_NOT_FOUND');
      expect(await refusalOf(all({ professionalId: matron, teamId: team }))).toBe('BAD_USER_INPUT');
      expect(made).toHaveLength(5);
    });

    it("lists the open actions an organisation owns across every current plan, by due date, a page at a time", async () => {
      const council = (
        await t.app.get(OrganisationsService).create(anOrganisation({ name: 'Thurrock Council', kind: 'LOCAL_AUTHORITY' }) as Input<OrganisationsService['create']>)
      ).id;
      const reablement = (await t.app.get(TeamsService).create({ name: 'Reablement', kind: TeamKind.SOCIAL_CARE, organisationId: council })).id;
      const owned = (description: string, days: number, owner: Record<string, unknown>, status = PlanActionStatus.OPEN) =>
        socialAction({ description, dueDate: daysFromToday(days), teamId: null, ...owner, status });
      await activePlan(await someone({ familyName: 'Ames' }), {
        actions: [
          owned('Reablement visit', 3, { teamId: reablement }),
          owned('Blue badge', 20, { organisationId: council }),
          owned('Done already', 1, { organisationId: council }, PlanActionStatus.DONE),
          healthAction(),
        ],
      });
      await activePlan(await someone({ familyName: 'Bell' }), {
        actions: [owned('Care call review', 10, { teamId: reablement }), owned('Day centre place', 2, { organisationId: council })],
      });
      await create(await someone({ familyName: 'Drafty' }), { actions: [owned('In a draft', 1, { organisationId: council })] });

      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await plans.openActions({ organisationId: council, first: 2, after });
        seen.push(...page.nodes.map((a) => `${a.description} (${a.person.familyName})`));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      expect(seen).toEqual(['Day centre place (Bell)', 'Reablement visit (Ames)', 'Care call review (Bell)', 'Blue badge (Ames)']);
      const teamPage = await plans.openActions({ teamId: reablement, first: 10, dueBy: daysFromToday(5) });
      expect(teamPage.nodes.map((a) => [a.description, a.team?.name])).toEqual([['Reablement visit', 'Reablement']]);
      expect(await refusalOf(plans.openActions({ organisationId: randomUUID(), first: 10 }))).toBe('ORGANISATION_NOT_FOUND');
    });
  });
});
