import { today } from '@app/validation';
import { anOrganisation, aPerson, aProfessional } from './support/builders';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The story of issue 6 over HTTP: a care coordinator writes a joint plan with a social care
 * colleague, activates it, reviews it, and sees overdue reviews across their caseload; and someone
 * outside the care team sees none of it.
 */

const PRACTICE = 'F81001';
const COUNCIL = 'C604';
const ELSEWHERE = 'F82999';

const daysFromToday = (days: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const PLAN_FIELDS = `id status version isJoint startDate nextReviewDate reviewIntervalDays
  person { nhsNumber familyName }
  content { aboutMe whatMattersToMe goals needs { description sector }
            actions { id description sector professionalId teamId dueDate status }
            contingency { whoToCall outOfHours } carer { name relationship support }
            endOfLife { preferredPlaceOfCare preferredPlaceOfDeath resuscitationDecisionReference }
            agreement { agreed consentToShare agreedOn } }`;
const CREATE = `mutation ($input: CreateCarePlanInput!) { createCarePlan(input: $input) { ${PLAN_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateCarePlanInput!) { updateCarePlan(input: $input) { ${PLAN_FIELDS} } }`;
const SIGN_OFF = `mutation ($input: SignOffCarePlanInput!) {
  signOffCarePlan(input: $input) { planVersion sector asLead professional { familyName } signedAt } }`;
const ACTIVATE = `mutation ($input: ActivateCarePlanInput!) { activateCarePlan(input: $input) { ${PLAN_FIELDS} } }`;
const START_REVIEW = `mutation ($input: StartCarePlanReviewInput!) { startCarePlanReview(input: $input) { status version } }`;
const COMPLETE_REVIEW = `mutation ($input: CompleteCarePlanReviewInput!) {
  completeCarePlanReview(input: $input) { status version nextReviewDate
    reviews { reason startedBy { familyName } completedBy { familyName } outcome fromVersion toVersion } } }`;
const PLAN = `query ($id: ID!) { carePlan(id: $id) { ${PLAN_FIELDS}
  actions { description sector dueDate status professional { familyName } team { name } }
  signOffs { planVersion sector asLead professional { familyName } }
  versions { version status change author { familyName } } } }`;
const REVIEWS = `query ($professionalId: ID, $teamId: ID, $due: ReviewsDue!) {
  carePlanReviews(professionalId: $professionalId, teamId: $teamId, due: $due, first: 10) {
    nodes { id nextReviewDate status person { familyName } } pageInfo { hasNextPage endCursor } } }`;
const ACTIONS = `query ($organisationId: ID) {
  openCarePlanActions(organisationId: $organisationId, first: 10) {
    nodes { description dueDate sector team { name } person { familyName } } pageInfo { hasNextPage } } }`;

describe('Joint care plans over GraphQL', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let socialWorker: TestUser;
  let stranger: TestUser;
  let teamId: string;
  let councilId: string;
  let nhsNumber: string;
  let plan: Record<string, any>;

  const ok = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0] as Record<string, any>;
  };
  const refusal = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    return response.errors?.[0]?.extensions;
  };
  const planRows = async () => Number((await t.dataSource.query('SELECT count(*) AS n FROM care_plan_version'))[0].n);

  /** Someone registered at the practice, led by the coordinator, with the council's social care team in their care team. */
  const someone = async (familyName: string) => {
    const person = await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, {
      input: aPerson({ familyName, gpPracticeOds: PRACTICE }),
    });
    await ok(`mutation ($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
      input: { nhsNumber: person.nhsNumber, kind: 'TEAM', teamId, roleInCare: 'Adult social care' },
    });
    await ok(`mutation ($input: AssignLeadProfessionalInput!) { assignLeadProfessional(input: $input) { id } }`, {
      input: { nhsNumber: person.nhsNumber, professionalId: coordinator.professionalId, expectedCurrentLeadId: null, reason: 'ASSIGNED' },
    }, coordinator);
    return person.nhsNumber as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const organisation = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: anOrganisation(input) });
    const professional = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, { input: aProfessional(input) });
    await organisation({ odsCode: PRACTICE, name: 'Wivenhoe Surgery' });
    councilId = (await organisation({ odsCode: COUNCIL, name: 'Essex County Council', kind: 'LOCAL_AUTHORITY' })).id;
    teamId = (await ok(`mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, {
      input: { name: 'Colchester adult social care', kind: 'SOCIAL_CARE', organisationId: councilId },
    })).id;
    const matron = await professional({ familyName: 'Shah' });
    const sw = await professional({ familyName: 'Okafor', profession: 'SOCIAL_WORKER', registrationBody: 'SOCIAL_WORK_ENGLAND', registrationNumber: 'SW200001' });
    const gp = await professional({ familyName: 'Elsewhere', profession: 'GP', registrationBody: 'GMC', registrationNumber: '7200001' });
    await ok(`mutation ($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id } }`, {
      input: { teamId, professionalId: sw.id, role: 'Social worker' },
    });
    coordinator = { sub: matron.id, professionalId: matron.id, org: PRACTICE, roles: ['CARE_COORDINATOR'] };
    socialWorker = { sub: sw.id, professionalId: sw.id, org: COUNCIL, roles: ['SOCIAL_CARE_PRACTITIONER'] };
    stranger = { sub: gp.id, professionalId: gp.id, org: ELSEWHERE, roles: ['GP', 'CARE_COORDINATOR'] };
    nhsNumber = await someone('Pike');
  });
  afterAll(() => t.close());

  it('the coordinator writes a draft with health and social care actions', async () => {
    plan = await ok(CREATE, {
      input: {
        nhsNumber,
        content: {
          aboutMe: 'Arthur, 88, a retired signalman; lives alone since his wife died',
          whatMattersToMe: 'Staying at home with his dog, and his Tuesday bowls',
          needs: [
            { description: 'Two falls at night in three months', sector: 'HEALTH' },
            { description: 'Cannot get in and out of the bath', sector: 'SOCIAL_CARE' },
          ],
          goals: ['I want to stay in my own home', 'I want to get back to bowls'],
          actions: [
            { description: 'Medication review after the falls', sector: 'HEALTH', professionalId: coordinator.professionalId, dueDate: daysFromToday(14) },
            { description: 'Occupational therapy assessment for a bath lift', sector: 'SOCIAL_CARE', teamId, dueDate: daysFromToday(21) },
          ],
          contingency: { whoToCall: 'Susan (daughter) 07700 900123', outOfHours: 'Call 111; the rapid response team can visit within 2 hours' },
          endOfLife: { preferredPlaceOfCare: 'Home', resuscitationDecisionReference: 'ReSPECT form in the GP record, 2025-03-01' },
        },
      },
    }, coordinator);
    expect(plan).toMatchObject({ status: 'DRAFT', version: 1, isJoint: true, nextReviewDate: null, reviewIntervalDays: 90, person: { familyName: 'Pike' } });
    expect(plan.content.actions).toHaveLength(2);
  });

  it('the social care colleague adds the carer, naming the version she read; a stale save is refused', async () => {
    plan = await ok(UPDATE, {
      input: {
        carePlanId: plan.id,
        expectedVersion: 1,
        content: { carer: { name: 'Susan Pike', relationship: 'daughter', support: "Carer's assessment booked" }, agreement: { agreed: true, consentToShare: true, agreedOn: today() } },
      },
    }, socialWorker);
    expect(plan).toMatchObject({ version: 2, content: { carer: { name: 'Susan Pike' }, goals: ['I want to stay in my own home', 'I want to get back to bowls'] } });
    const before = await planRows();
    expect(await refusal(UPDATE, { input: { carePlanId: plan.id, expectedVersion: 1, content: { aboutMe: 'x' } } }, coordinator)).toMatchObject({
      code: 'VERSION_CONFLICT',
      currentVersion: 2,
    });
    expect(await refusal(UPDATE, { input: { carePlanId: plan.id, expectedVersion: 2, content: { colour: 'blue' } } }, coordinator)).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await planRows()).toBe(before);
  });

  it('activation waits for the lead and for social care to sign off; then the plan is active', async () => {
    const at = { carePlanId: plan.id, expectedVersion: plan.version };
    expect(await refusal(ACTIVATE, { input: at }, coordinator)).toMatchObject({ code: 'PLAN_SIGN_OFF_MISSING', missing: ['LEAD', 'HEALTH', 'SOCIAL_CARE'] });
    expect(await ok(SIGN_OFF, { input: { ...at, sector: 'HEALTH' } }, coordinator)).toMatchObject({ asLead: true, planVersion: 2, professional: { familyName: 'Shah' } });
    expect(await refusal(ACTIVATE, { input: at }, coordinator)).toMatchObject({ code: 'PLAN_SIGN_OFF_MISSING', missing: ['SOCIAL_CARE'] });
    await ok(SIGN_OFF, { input: { ...at, sector: 'SOCIAL_CARE' } }, socialWorker);
    plan = await ok(ACTIVATE, { input: at }, coordinator);
    expect(plan).toMatchObject({ status: 'ACTIVE', version: 3, nextReviewDate: daysFromToday(90) });

    const read = await ok(PLAN, { id: plan.id }, socialWorker);
    expect(read.actions.map((a: any) => [a.description, a.professional?.familyName ?? a.team?.name])).toEqual([
      ['Medication review after the falls', 'Shah'],
      ['Occupational therapy assessment for a bath lift', 'Colchester adult social care'],
    ]);
    expect(read.signOffs.map((s: any) => [s.professional.familyName, s.sector])).toEqual([['Shah', 'HEALTH'], ['Okafor', 'SOCIAL_CARE']]);
    expect(read.versions.map((v: any) => [v.version, v.change, v.author.familyName])).toEqual([
      [3, 'activated', 'Shah'],
      [2, 'updated', 'Okafor'],
      [1, 'created', 'Shah'],
    ]);
  });

  it('any version can be read, and the changes between two are listed', async () => {
    const v1 = await ok(`query ($id: ID!) { carePlanVersion(carePlanId: $id, version: 1) { version status content { carer { name } } author { familyName } } }`, { id: plan.id }, coordinator);
    expect(v1).toMatchObject({ version: 1, status: 'DRAFT', content: { carer: null }, author: { familyName: 'Shah' } });
    const compared = await ok(`query ($id: ID!) { carePlanChanges(carePlanId: $id, fromVersion: 1, toVersion: 3) { changes { path before after } } }`, { id: plan.id }, coordinator);
    expect(compared.changes.map((c: any) => c.path)).toEqual(['agreement', 'carer', 'nextReviewDate', 'status']);
    expect(compared.changes[3]).toEqual({ path: 'status', before: '"DRAFT"', after: '"ACTIVE"' });
  });

  it('a second plan cannot be activated while this one is current', async () => {
    const second = await ok(CREATE, { input: { nhsNumber, content: { agreement: { agreed: true, consentToShare: true, agreedOn: today() } } } }, coordinator);
    await ok(SIGN_OFF, { input: { carePlanId: second.id, expectedVersion: 1, sector: 'HEALTH' } }, coordinator);
    expect(await refusal(ACTIVATE, { input: { carePlanId: second.id, expectedVersion: 1 } }, coordinator)).toMatchObject({
      code: 'PLAN_ALREADY_ACTIVE',
      currentPlanId: plan.id,
    });
  });

  it('a review after a fall: under review, changed, signed off again, active again with the outcome recorded', async () => {
    const started = await ok(START_REVIEW, { input: { carePlanId: plan.id, expectedVersion: plan.version, reason: 'CRISIS', reasonNote: 'Fell on the stairs' } }, coordinator);
    expect(started).toMatchObject({ status: 'UNDER_REVIEW', version: 4 });
    const changed = await ok(UPDATE, {
      input: { carePlanId: plan.id, expectedVersion: 4, content: { goals: ['I want to stay in my own home'] } },
    }, coordinator);
    const at = { carePlanId: plan.id, expectedVersion: changed.version };
    await ok(SIGN_OFF, { input: { ...at, sector: 'HEALTH' } }, coordinator);
    await ok(SIGN_OFF, { input: { ...at, sector: 'SOCIAL_CARE' } }, socialWorker);
    const reviewed = await ok(COMPLETE_REVIEW, { input: { ...at, outcome: 'Bowls paused until the falls clinic' } }, coordinator);
    expect(reviewed).toMatchObject({
      status: 'ACTIVE',
      version: 6,
      nextReviewDate: daysFromToday(90),
      reviews: [{ reason: 'CRISIS', startedBy: { familyName: 'Shah' }, completedBy: { familyName: 'Shah' }, outcome: 'Bowls paused until the falls clinic', fromVersion: 3, toVersion: 6 }],
    });
    plan = { ...plan, version: 6 };
  });

  it('the coordinator sees overdue and upcoming reviews across their caseload, and the council its open actions', async () => {
    // Mrs Ames's plan was agreed on paper in the spring: its review date has passed.
    const ames = await someone('Ames');
    const old = await ok(CREATE, {
      input: {
        nhsNumber: ames,
        startDate: daysFromToday(-200),
        content: { agreement: { agreed: true, consentToShare: true, agreedOn: daysFromToday(-200) }, nextReviewDate: daysFromToday(-20) },
      },
    }, coordinator);
    await ok(SIGN_OFF, { input: { carePlanId: old.id, expectedVersion: 1, sector: 'HEALTH' } }, coordinator);
    await ok(ACTIVATE, { input: { carePlanId: old.id, expectedVersion: 1 } }, coordinator);

    const overdue = await ok(REVIEWS, { professionalId: coordinator.professionalId, due: 'OVERDUE' }, coordinator);
    expect(overdue.nodes).toEqual([{ id: old.id, nextReviewDate: daysFromToday(-20), status: 'ACTIVE', person: { familyName: 'Ames' } }]);
    const upcoming = await ok(`query ($teamId: ID) { carePlanReviews(teamId: $teamId, due: UPCOMING, withinDays: 120) { nodes { person { familyName } } } }`, { teamId }, socialWorker);
    expect(upcoming.nodes).toEqual([{ person: { familyName: 'Pike' } }]);

    const actions = await ok(ACTIONS, { organisationId: councilId }, socialWorker);
    expect(actions.nodes).toEqual([
      { description: 'Occupational therapy assessment for a bath lift', dueDate: daysFromToday(21), sector: 'SOCIAL_CARE', team: { name: 'Colchester adult social care' }, person: { familyName: 'Pike' } },
    ]);
  });

  it('someone outside the care team cannot read or change a plan, and the lists leave the plans out', async () => {
    const audited = async () =>
      Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE user_subject = $1 AND outcome = 'REFUSED'`, [stranger.sub]))[0].n);
    const before = await audited();
    expect(await refusal(PLAN, { id: plan.id }, stranger)).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusal(`query ($id: ID!) { carePlanVersion(carePlanId: $id, version: 1) { version } }`, { id: plan.id }, stranger)).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusal(`query ($n: String!) { carePlans(nhsNumber: $n) { id } }`, { n: nhsNumber }, stranger)).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusal(UPDATE, { input: { carePlanId: plan.id, expectedVersion: plan.version, content: { aboutMe: 'x' } } }, stranger)).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await audited()).toBe(before + 4);

    expect((await ok(REVIEWS, { professionalId: coordinator.professionalId, due: 'OVERDUE' }, stranger)).nodes).toEqual([]);
    expect((await ok(ACTIONS, { organisationId: councilId }, stranger)).nodes).toEqual([]);
    // The coordinator, with a relationship, reads them; each read is audited.
    const plans = await ok(`query ($n: String!) { carePlans(nhsNumber: $n) { status } }`, { n: nhsNumber }, coordinator);
    expect(plans.map((p: any) => p.status)).toEqual(['ACTIVE', 'DRAFT']);
  });

  it('a user who is not a professional in the directory cannot write a plan', async () => {
    const gpWithoutDirectoryEntry: TestUser = { sub: 'gp-no-id', org: PRACTICE, roles: ['GP'] };
    expect(await refusal(CREATE, { input: { nhsNumber, content: {} } }, gpWithoutDirectoryEntry)).toMatchObject({ code: 'NOT_AUTHORISED' });
  });
});
