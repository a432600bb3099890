import { randomUUID } from 'node:crypto';
import { OrganisationsService, ProfessionalsService, TeamKind, TeamsService } from '@app/organisations';
import { PersonsService } from '@app/persons';
import { anOrganisation, aPerson, aProfessional, testNhsNumber } from '../../../test/support/builders';
import { refusalOf, rowCounts } from '../../../test/support/refusals';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { CareTeamMemberKind } from './care-team-codes';
import { CareTeamsService } from './care-teams.service';

type Input<F extends (input: never) => unknown> = Parameters<F>[0];

describe('CareTeamsService (against the database)', () => {
  let t: TestApp;
  let careTeams: CareTeamsService;
  let practiceId: string;
  let mdtId: string;
  const counts = () => rowCounts(t.dataSource, ['care_team_member']);

  const aMatron = async () =>
    (await t.app.get(ProfessionalsService).create(aProfessional() as Input<ProfessionalsService['create']>)).id;
  const someone = async () =>
    (await t.app.get(PersonsService).register(aPerson() as Input<PersonsService['register']>)).nhsNumber;
  const add = (nhsNumber: string, member: Partial<Input<CareTeamsService['addMember']>>) =>
    careTeams.addMember({ nhsNumber, kind: CareTeamMemberKind.PROFESSIONAL, roleInCare: 'Community matron', ...member });

  beforeAll(async () => {
    t = await startTestApp();
    careTeams = t.app.get(CareTeamsService);
    practiceId = (await t.app.get(OrganisationsService).create(anOrganisation() as Input<OrganisationsService['create']>)).id;
    mdtId = (
      await t.app
        .get(TeamsService)
        .create({ name: 'Tiptree MDT', kind: TeamKind.MULTIDISCIPLINARY_TEAM, organisationId: practiceId })
    ).id;
  });
  afterAll(() => t.close());

  it('builds a care team of a matron, the practice, the MDT, a daughter who cares, and the person themself', async () => {
    const nhsNumber = await someone();
    const matron = await aMatron();
    await add(nhsNumber, { professionalId: matron, startDate: '2025-01-06' });
    await add(nhsNumber, {
      kind: CareTeamMemberKind.ORGANISATION,
      organisationId: practiceId,
      roleInCare: 'Registered practice',
    });
    await add(nhsNumber, { kind: CareTeamMemberKind.TEAM, teamId: mdtId, roleInCare: 'Case review' });
    const daughter = await add(nhsNumber, {
      kind: CareTeamMemberKind.CARER,
      name: 'Susan Hale',
      relationship: 'daughter',
      contact: '07700 900123',
      roleInCare: 'Main carer',
    });
    await add(nhsNumber, { kind: CareTeamMemberKind.THE_PERSON, roleInCare: 'Sets their own goals' });

    expect(daughter).toMatchObject({ name: 'Susan Hale', relationship: 'daughter', version: 1, isLead: false, endDate: null });
    const team = await careTeams.careTeam({ nhsNumber, includeEnded: false });
    expect(team.map((m) => m.kind)).toEqual(['PROFESSIONAL', 'ORGANISATION', 'TEAM', 'CARER', 'THE_PERSON']);
    expect(team[0]).toMatchObject({ professional: { id: matron }, startDate: '2025-01-06', isLead: false });
    expect(team[1].organisation?.id).toBe(practiceId);
    expect(team[2].team?.name).toBe('Tiptree MDT');
  });

  it('refuses to add a professional, organisation, team or the person a second time while they are in the team', async () => {
    const nhsNumber = await someone();
    const matron = await aMatron();
    const first = await add(nhsNumber, { professionalId: matron });
    await add(nhsNumber, { kind: CareTeamMemberKind.THE_PERSON, roleInCare: 'Self-management' });
    const before = await counts();
    const again = await add(nhsNumber, { professionalId: matron, roleInCare: 'Again' }).catch((e) => e);
    expect(again).toMatchObject({ code: 'ALREADY_A_MEMBER', details: { existingMemberId: first.id } });
    expect(await refusalOf(add(nhsNumber, { kind: CareTeamMemberKind.THE_PERSON, roleInCare: 'Again' }))).toBe(
      'ALREADY_A_MEMBER',
    );
    expect(await counts()).toEqual(before);
    // Two carers are two people.
    await add(nhsNumber, { kind: CareTeamMemberKind.CARER, name: 'Tom Hale', relationship: 'son', roleInCare: 'Carer' });
    await add(nhsNumber, { kind: CareTeamMemberKind.CARER, name: 'Ann Hale', relationship: 'daughter', roleInCare: 'Carer' });
  });

  it('ending a membership keeps it in the history; ending it again is refused and the first end stands', async () => {
    const nhsNumber = await someone();
    const matron = await aMatron();
    const member = await add(nhsNumber, { professionalId: matron, startDate: '2025-01-06' });
    const ended = await careTeams.endMembership({
      id: member.id,
      endDate: '2025-03-01',
      endReason: 'Discharged from community nursing',
    });
    expect(ended).toMatchObject({ endDate: '2025-03-01', endReason: 'Discharged from community nursing', version: 2 });

    const again = await careTeams.endMembership({ id: member.id }).catch((e) => e);
    expect(again).toMatchObject({ code: 'MEMBERSHIP_ALREADY_ENDED', details: { endDate: '2025-03-01' } });
    expect(await careTeams.careTeam({ nhsNumber, includeEnded: false })).toEqual([]);

    const rejoined = await add(nhsNumber, { professionalId: matron });
    const history = await careTeams.careTeam({ nhsNumber, includeEnded: true });
    expect(history.map((m) => [m.id, m.endDate])).toEqual([
      [rejoined.id, null],
      [member.id, '2025-03-01'],
    ]);
  });

  it('refuses an end before the start or in the future, writing nothing', async () => {
    const nhsNumber = await someone();
    const member = await add(nhsNumber, { professionalId: await aMatron(), startDate: '2025-01-06' });
    expect(await refusalOf(careTeams.endMembership({ id: member.id, endDate: '2025-01-05' }))).toBe('DATES_OUT_OF_ORDER');
    expect(await refusalOf(careTeams.endMembership({ id: member.id, endDate: '2999-01-01' }))).toBe('DATE_IN_FUTURE');
    expect(await careTeams.careTeam({ nhsNumber, includeEnded: true })).toEqual([
      expect.objectContaining({ endDate: null, version: 1 }),
    ]);
  });

  it('refuses unknown people, professionals, organisations, teams and memberships, and members described wrongly, writing nothing', async () => {
    const nhsNumber = await someone();
    const before = await counts();
    expect(await refusalOf(add(testNhsNumber(), { professionalId: await aMatron() }))).toBe('PERSON_NOT_FOUND');
    expect(await refusalOf(add(nhsNumber, { professionalId: randomUUID() }))).toBe('PROFESSIONAL_NOT_FOUND');
    expect(await refusalOf(add(nhsNumber, { kind: CareTeamMemberKind.ORGANISATION, organisationId: randomUUID() }))).toBe(
      'ORGANISATION_NOT_FOUND',
    );
    expect(await refusalOf(add(nhsNumber, { kind: CareTeamMemberKind.TEAM, teamId: randomUUID() }))).toBe('TEAM_NOT_FOUND');
    expect(await refusalOf(careTeams.endMembership({ id: randomUUID() }))).toBe('MEMBERSHIP_NOT_FOUND');
    expect(await refusalOf(careTeams.careTeam({ nhsNumber: testNhsNumber(), includeEnded: true }))).toBe('PERSON_NOT_FOUND');

    const wrongly = await add(nhsNumber, { professionalId: await aMatron(), name: 'Also a name' }).catch((e) => e);
    expect(wrongly).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { fields: [{ field: 'name', message: 'not for a PROFESSIONAL member' }] },
    });
    const carerWithoutName = await add(nhsNumber, { kind: CareTeamMemberKind.CARER, relationship: 'wife' }).catch((e) => e);
    expect(carerWithoutName.details.fields).toEqual([{ field: 'name', message: 'needed for a CARER member' }]);
    expect(await counts()).toEqual(before);
  });

  it("changes a carer's contact from the version read, and refuses a stale version or a name for a professional", async () => {
    const nhsNumber = await someone();
    const carer = await add(nhsNumber, {
      kind: CareTeamMemberKind.RELATIVE,
      name: 'Jo Hale',
      relationship: 'niece',
      roleInCare: 'Next of kin',
    });
    const changed = await careTeams.updateMember({
      id: carer.id,
      expectedVersion: 1,
      contact: 'jo@example.org',
      roleInCare: 'Next of kin and carer',
    });
    expect(changed).toMatchObject({
      version: 2,
      contact: 'jo@example.org',
      roleInCare: 'Next of kin and carer',
      name: 'Jo Hale',
    });
    expect(await refusalOf(careTeams.updateMember({ id: carer.id, expectedVersion: 1, contact: null }))).toBe('VERSION_CONFLICT');
    expect(await refusalOf(careTeams.updateMember({ id: carer.id, expectedVersion: 2, name: null }))).toBe('BAD_USER_INPUT');

    const matron = await add(nhsNumber, { professionalId: await aMatron() });
    expect(await refusalOf(careTeams.updateMember({ id: matron.id, expectedVersion: 1, relationship: 'friend' }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
