import { randomUUID } from 'node:crypto';
import { anOrganisation, aProfessional } from '../../../test/support/builders';
import { refusalOf, rowCounts } from '../../../test/support/refusals';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { TeamKind } from './organisation-codes';
import { CreateOrganisationInput } from './organisation.types';
import { OrganisationsService } from './organisations.service';
import { CreateProfessionalInput } from './professional.types';
import { ProfessionalsService } from './professionals.service';
import { TeamsService } from './teams.service';

describe('TeamsService (against the database)', () => {
  let t: TestApp;
  let teams: TeamsService;
  let hubId: string;
  const counts = () => rowCounts(t.dataSource, ['team', 'team_member']);
  const aNurse = async () => (await t.app.get(ProfessionalsService).create(aProfessional() as CreateProfessionalInput)).id;
  const anMdt = (name = 'Tiptree frailty MDT') =>
    teams.create({ name, kind: TeamKind.MULTIDISCIPLINARY_TEAM, organisationId: hubId, startDate: '2024-01-01' });

  beforeAll(async () => {
    t = await startTestApp();
    teams = t.app.get(TeamsService);
    hubId = (await t.app.get(OrganisationsService).create(anOrganisation() as CreateOrganisationInput)).id;
  });
  afterAll(() => t.close());

  it('sets up an MDT with members, and lists the teams an organisation runs', async () => {
    const mdt = await anMdt('Colne Valley MDT');
    const nurse = await aNurse();
    const member = await teams.addMember({ teamId: mdt.id, professionalId: nurse, role: 'Chair', startDate: '2024-02-01' });
    expect(member).toMatchObject({ role: 'Chair', team: { id: mdt.id }, professional: { id: nurse }, endDate: null });
    expect((await teams.membersOf([mdt.id], false)).map((m) => m.professionalId)).toEqual([nurse]);
    expect((await teams.membershipsOf([nurse], false)).map((m) => m.team.name)).toEqual(['Colne Valley MDT']);
    expect((await teams.teamsOf({ organisationId: hubId, includeEnded: false })).map((x) => x.name)).toContain(
      'Colne Valley MDT',
    );
  });

  it('refuses to add someone already in the team, until their membership has ended', async () => {
    const mdt = await anMdt();
    const nurse = await aNurse();
    const first = await teams.addMember({ teamId: mdt.id, professionalId: nurse, startDate: '2024-02-01' });
    const error = await teams.addMember({ teamId: mdt.id, professionalId: nurse }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ALREADY_A_MEMBER', details: { existingMemberId: first.id } });
    await teams.endMembership({ id: first.id });
    await teams.addMember({ teamId: mdt.id, professionalId: nurse });
    expect(await teams.membersOf([mdt.id], true)).toHaveLength(2);
  });

  it('ending a team membership twice is refused, and the first end stands', async () => {
    const mdt = await anMdt();
    const member = await teams.addMember({ teamId: mdt.id, professionalId: await aNurse(), startDate: '2024-02-01' });
    await teams.endMembership({ id: member.id, endDate: '2024-06-30' });
    expect(await refusalOf(teams.endMembership({ id: member.id }))).toBe('MEMBERSHIP_ALREADY_ENDED');
    expect((await teams.membersOf([mdt.id], true))[0].endDate).toBe('2024-06-30');
  });

  it('refuses unknown teams, professionals and organisations, and a close before the opening, writing nothing', async () => {
    const mdt = await anMdt();
    const nurse = await aNurse();
    const before = await counts();
    expect(await refusalOf(teams.create({ name: 'X', kind: TeamKind.SOCIAL_CARE, organisationId: randomUUID() }))).toBe(
      'ORGANISATION_NOT_FOUND',
    );
    expect(await refusalOf(teams.addMember({ teamId: randomUUID(), professionalId: nurse }))).toBe('TEAM_NOT_FOUND');
    expect(await refusalOf(teams.addMember({ teamId: mdt.id, professionalId: randomUUID() }))).toBe('PROFESSIONAL_NOT_FOUND');
    expect(await refusalOf(teams.endMembership({ id: randomUUID() }))).toBe('MEMBERSHIP_NOT_FOUND');
    expect(await refusalOf(teams.update({ id: mdt.id, expectedVersion: 1, endDate: '2023-12-31' }))).toBe('DATES_OUT_OF_ORDER');
    expect(await refusalOf(teams.update({ id: mdt.id, expectedVersion: 1, endDate: '2999-01-01' }))).toBe('DATE_IN_FUTURE');
    expect(await refusalOf(teams.update({ id: mdt.id, expectedVersion: 1, organisationId: randomUUID() }))).toBe(
      'ORGANISATION_NOT_FOUND',
    );
    expect(await refusalOf(teams.teamsOf({ organisationId: randomUUID(), includeEnded: true }))).toBe('ORGANISATION_NOT_FOUND');
    expect(await counts()).toEqual(before);
    expect(await teams.findById(mdt.id)).toMatchObject({ version: 1, endDate: null });
  });

  it('closes a team from the version read; closed teams drop out of the current list', async () => {
    const mdt = await anMdt('Closing MDT');
    const closed = await teams.update({ id: mdt.id, expectedVersion: 1, endDate: '2025-01-31' });
    expect(closed).toMatchObject({ version: 2, endDate: '2025-01-31' });
    expect(await refusalOf(teams.update({ id: mdt.id, expectedVersion: 1, name: 'Late' }))).toBe('VERSION_CONFLICT');
    expect((await teams.teamsOf({ organisationId: hubId, includeEnded: false })).map((x) => x.name)).not.toContain('Closing MDT');
    expect((await teams.teamsOf({ organisationId: hubId, includeEnded: true })).map((x) => x.name)).toContain('Closing MDT');
  });
});
