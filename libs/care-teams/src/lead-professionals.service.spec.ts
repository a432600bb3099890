import { randomUUID } from 'node:crypto';
import {
  OrganisationsService,
  Profession,
  ProfessionalsService,
  RegistrationBody,
  TeamKind,
  TeamsService,
} from '@app/organisations';
import { PersonsService } from '@app/persons';
import { anOrganisation, aPerson, aProfessional, testNhsNumber } from '../../../test/support/builders';
import { refusalOf, rowCounts } from '../../../test/support/refusals';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { CareTeamMemberKind, HandoverReason } from './care-team-codes';
import { CareTeamsService } from './care-teams.service';
import { LeadProfessionalsService } from './lead-professionals.service';

type Input<F extends (input: never) => unknown> = Parameters<F>[0];

describe('LeadProfessionalsService (against the database)', () => {
  let t: TestApp;
  let leads: LeadProfessionalsService;
  let careTeams: CareTeamsService;
  let coordinator: string; // the care coordinator recording the changes
  let gmcNumber = 7_100_000;

  const aProfessionalId = async (overrides: Record<string, unknown> = {}) =>
    (await t.app.get(ProfessionalsService).create(aProfessional(overrides) as Input<ProfessionalsService['create']>)).id;
  const aGp = () =>
    aProfessionalId({
      profession: Profession.GP,
      registrationBody: RegistrationBody.GMC,
      registrationNumber: String((gmcNumber += 1)),
    });
  const someone = async (overrides: Record<string, unknown> = {}) =>
    (await t.app.get(PersonsService).register(aPerson(overrides) as Input<PersonsService['register']>)).nhsNumber;
  const assign = (
    nhsNumber: string,
    professionalId: string,
    expectedCurrentLeadId: string | null,
    reason = HandoverReason.ASSIGNED,
  ) => leads.assign({ nhsNumber, professionalId, expectedCurrentLeadId, reason }, coordinator);
  const activeLeads = async (nhsNumber: string) =>
    Number(
      (
        await t.dataSource.query(
          'SELECT count(*) AS n FROM lead_professional l JOIN person p ON p.id = l.person_id WHERE p.nhs_number = $1 AND l.ended_at IS NULL',
          [nhsNumber],
        )
      )[0].n,
    );
  const counts = () => rowCounts(t.dataSource, ['lead_professional', 'lead_handover', 'care_team_member']);

  beforeAll(async () => {
    t = await startTestApp();
    leads = t.app.get(LeadProfessionalsService);
    careTeams = t.app.get(CareTeamsService);
    coordinator = await aProfessionalId({
      profession: Profession.CARE_NAVIGATOR,
      registrationBody: null,
      registrationNumber: null,
    });
  });
  afterAll(() => t.close());

  it('assigning a first lead adds them to the care team and records who assigned them, when and why', async () => {
    const nhsNumber = await someone();
    const gp = await aGp();
    const handover = await assign(nhsNumber, gp, null);
    expect(handover).toMatchObject({
      previousLead: null,
      newLead: { id: gp },
      reason: 'ASSIGNED',
      recordedBy: { id: coordinator },
      handedOverAt: expect.any(Date),
    });
    const team = await careTeams.careTeam({ nhsNumber, includeEnded: true });
    expect(team).toEqual([
      expect.objectContaining({ kind: 'PROFESSIONAL', professionalId: gp, roleInCare: 'Lead professional', isLead: true }),
    ]);
    const { current } = await leads.history(nhsNumber);
    expect(current).toMatchObject({ professional: { id: gp }, endedAt: null, careTeamMemberId: team[0].id });
  });

  it('steps up from the GP to a consultant geriatrician and back down, recording each handover, one lead at a time', async () => {
    const nhsNumber = await someone({ dateOfBirth: '1936-05-01' });
    const gp = await aGp();
    const geriatrician = await aProfessionalId({
      profession: Profession.CONSULTANT_GERIATRICIAN,
      registrationBody: RegistrationBody.GMC,
      registrationNumber: '1234567',
    });
    await careTeams.addMember({
      nhsNumber,
      kind: CareTeamMemberKind.PROFESSIONAL,
      professionalId: gp,
      roleInCare: 'Registered GP',
    });

    await assign(nhsNumber, gp, null);
    await assign(nhsNumber, geriatrician, gp, HandoverReason.STEP_UP);
    await leads.assign({
      nhsNumber,
      professionalId: gp,
      expectedCurrentLeadId: geriatrician,
      reason: HandoverReason.STEP_DOWN,
      reasonNote: 'Stable after six weeks of intensive community intervention',
    }, coordinator);

    const { current, handovers } = await leads.history(nhsNumber);
    expect(current?.professional.id).toBe(gp);
    expect(handovers.map((h) => [h.previousLead?.id ?? null, h.newLead?.id, h.reason])).toEqual([
      [geriatrician, gp, 'STEP_DOWN'],
      [gp, geriatrician, 'STEP_UP'],
      [null, gp, 'ASSIGNED'],
    ]);
    expect(handovers[0].reasonNote).toBe('Stable after six weeks of intensive community intervention');
    expect(handovers[0].handedOverAt.getTime()).toBeGreaterThanOrEqual(handovers[1].handedOverAt.getTime());
    expect(await activeLeads(nhsNumber)).toBe(1);

    // The GP kept the membership they had; the geriatrician joined and stays in the team.
    const team = await careTeams.careTeam({ nhsNumber, includeEnded: true });
    expect(team.map((m) => [m.professionalId, m.roleInCare, m.isLead])).toEqual([
      [gp, 'Registered GP', true],
      [geriatrician, 'Lead professional', false],
    ]);
  });

  it('of ten handovers racing from the same lead, one wins, nine are told LEAD_CHANGED, and one lead stands', async () => {
    const nhsNumber = await someone();
    const matron = await aProfessionalId();
    await assign(nhsNumber, matron, null);
    const candidates = await Promise.all(Array.from({ length: 10 }, () => aProfessionalId()));
    const before = await counts();

    const outcomes = await Promise.allSettled(candidates.map((c) => assign(nhsNumber, c, matron, HandoverReason.CHANGE_OF_TEAM)));

    const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [candidates[i]] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(won).toHaveLength(1);
    expect(refused.map((e) => e.code)).toEqual(Array(9).fill('LEAD_CHANGED'));
    for (const error of refused) expect(error.details.currentLeadId).toBe(won[0]);
    expect(await activeLeads(nhsNumber)).toBe(1);
    expect(await counts()).toEqual({
      lead_professional: before.lead_professional + 1,
      lead_handover: before.lead_handover + 1,
      care_team_member: before.care_team_member + 1,
    });
    expect((await leads.history(nhsNumber)).current?.professional.id).toBe(won[0]);
  });

  it('a handover naming a lead who is no longer current is refused with LEAD_CHANGED and writes nothing', async () => {
    const nhsNumber = await someone();
    const [first, second, third] = [await aProfessionalId(), await aProfessionalId(), await aProfessionalId()];
    await assign(nhsNumber, first, null);
    await assign(nhsNumber, second, first, HandoverReason.PROFESSIONAL_LEFT);
    const before = await counts();
    const stale = await assign(nhsNumber, third, first, HandoverReason.CHANGE_OF_TEAM).catch((e) => e);
    expect(stale).toMatchObject({ code: 'LEAD_CHANGED', details: { currentLeadId: second } });
    expect(await refusalOf(assign(nhsNumber, third, null))).toBe('LEAD_CHANGED');
    expect(await counts()).toEqual(before);
  });

  it('the database itself refuses a second active lead for one person', async () => {
    const nhsNumber = await someone();
    const first = await aProfessionalId();
    await assign(nhsNumber, first, null);
    const [lead] = await t.dataSource.query(
      'SELECT person_id, professional_id, care_team_member_id FROM lead_professional l JOIN person p ON p.id = l.person_id WHERE p.nhs_number = $1',
      [nhsNumber],
    );
    const second = t.dataSource.query(
      'INSERT INTO lead_professional (person_id, professional_id, care_team_member_id, started_at) VALUES ($1, $2, $3, now())',
      [lead.person_id, lead.professional_id, lead.care_team_member_id],
    );
    await expect(second).rejects.toMatchObject({
      driverError: expect.objectContaining({ constraint: 'lead_professional_one_active' }),
    });
  });

  it('the lead must be a named professional: a team, an organisation or a carer is refused, and so is an unknown id', async () => {
    const nhsNumber = await someone();
    const organisation = await t.app.get(OrganisationsService).create(anOrganisation() as Input<OrganisationsService['create']>);
    const team = await t.app
      .get(TeamsService)
      .create({ name: 'Rapid response', kind: TeamKind.RAPID_RESPONSE, organisationId: organisation.id });
    const carer = await careTeams.addMember({
      nhsNumber,
      kind: CareTeamMemberKind.CARER,
      name: 'Ray Hale',
      relationship: 'husband',
      roleInCare: 'Carer',
    });
    const before = await counts();
    for (const id of [team.id, organisation.id, carer.id]) {
      expect(await refusalOf(assign(nhsNumber, id, null))).toBe('LEAD_NOT_A_PROFESSIONAL');
    }
    expect(await refusalOf(assign(nhsNumber, randomUUID(), null))).toBe('PROFESSIONAL_NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown person or recorder, and the current lead named as the new one, writing nothing', async () => {
    const nhsNumber = await someone();
    const matron = await aProfessionalId();
    await assign(nhsNumber, matron, null);
    const before = await counts();
    expect(await refusalOf(assign(testNhsNumber(), matron, null))).toBe('PERSON_NOT_FOUND');
    expect(await refusalOf(assign(nhsNumber, matron, matron))).toBe('ALREADY_THE_LEAD');
    const byNobody = await leads
      .assign({
        nhsNumber,
        professionalId: await aProfessionalId(),
        expectedCurrentLeadId: matron,
        reason: HandoverReason.OTHER,
        reasonNote: 'x',
      }, randomUUID())
      .catch((e) => e);
    expect(byNobody).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusalOf(leads.history(testNhsNumber()))).toBe('PERSON_NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('ending the lead leaves nobody leading and records why; the professional stays in the care team', async () => {
    const nhsNumber = await someone();
    const matron = await aProfessionalId();
    await assign(nhsNumber, matron, null);
    const end = (expectedCurrentLeadId: string) =>
      leads.end({ nhsNumber, expectedCurrentLeadId, reason: HandoverReason.NO_LONGER_CASE_MANAGED }, coordinator);
    const ended = await end(matron);
    expect(ended).toMatchObject({ previousLead: { id: matron }, newLead: null, reason: 'NO_LONGER_CASE_MANAGED' });
    const { current, handovers } = await leads.history(nhsNumber);
    expect(current).toBeNull();
    expect(handovers).toHaveLength(2);
    expect(await refusalOf(end(matron))).toBe('LEAD_CHANGED');
    expect(await careTeams.careTeam({ nhsNumber, includeEnded: false })).toEqual([
      expect.objectContaining({ professionalId: matron, isLead: false, endDate: null }),
    ]);
  });

  it('the lead cannot leave the care team while they lead; after the handover they can', async () => {
    const nhsNumber = await someone();
    const [matron, nurse] = [await aProfessionalId(), await aProfessionalId()];
    await assign(nhsNumber, matron, null);
    const [membership] = await careTeams.careTeam({ nhsNumber, includeEnded: false });
    expect(await refusalOf(careTeams.endMembership({ id: membership.id }))).toBe('MEMBER_IS_LEAD');
    await assign(nhsNumber, nurse, matron, HandoverReason.PROFESSIONAL_LEFT);
    expect(await careTeams.endMembership({ id: membership.id })).toMatchObject({ endDate: expect.any(String), isLead: false });
  });

  it('lists everyone a professional leads in name order, a page at a time; people handed over leave the list', async () => {
    const matron = await aProfessionalId();
    const colleague = await aProfessionalId();
    const names = ['Young', 'Able', 'King', 'Moss', 'Baker'];
    const nhsNumbers: string[] = [];
    for (const familyName of names) {
      const nhsNumber = await someone({ familyName });
      nhsNumbers.push(nhsNumber);
      await assign(nhsNumber, matron, null);
    }
    await assign(nhsNumbers[0], colleague, matron, HandoverReason.CHANGE_OF_TEAM); // Young moves on

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await leads.pageLedBy({ professionalId: matron, first: 2, after });
      seen.push(...page.nodes.map((lead) => lead.person.familyName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(['Able', 'Baker', 'King', 'Moss']);
    expect((await leads.pageLedBy({ professionalId: colleague, first: 10 })).nodes.map((l) => l.person.familyName)).toEqual([
      'Young',
    ]);
    expect(await refusalOf(leads.pageLedBy({ professionalId: randomUUID(), first: 10 }))).toBe('PROFESSIONAL_NOT_FOUND');
    expect((await leads.pageLedBy({ professionalId: coordinator, first: 10 })).nodes).toEqual([]);
  });
});
