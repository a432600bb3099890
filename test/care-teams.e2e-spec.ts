import { randomUUID } from 'node:crypto';
import { ProfessionalsService } from '@app/organisations';
import { anOrganisation, aPerson, aProfessional } from './support/builders';
import { DEFAULT_TEST_USER, startTestApp, TestApp, TestUser } from './support/test-app';

/** Changes of lead are recorded by the signed-in professional. */
const asProfessional = (professional: Record<string, any>): TestUser => ({
  ...DEFAULT_TEST_USER,
  sub: professional.id,
  professionalId: professional.id,
});

const CREATE_ORGANISATION = /* GraphQL */ `
  mutation Create($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      id
      odsCode
      name
      kind
      parentId
      version
    }
  }
`;
const CREATE_PROFESSIONAL = /* GraphQL */ `
  mutation Create($input: CreateProfessionalInput!) {
    createProfessional(input: $input) {
      id
      givenName
      familyName
      profession
      version
    }
  }
`;
const ADD_MEMBER = /* GraphQL */ `
  mutation Add($input: AddCareTeamMemberInput!) {
    addCareTeamMember(input: $input) {
      id
      kind
      name
      relationship
      roleInCare
      startDate
      endDate
      isLead
      version
    }
  }
`;
const END_MEMBERSHIP = /* GraphQL */ `
  mutation End($input: EndCareTeamMembershipInput!) {
    endCareTeamMembership(input: $input) {
      id
      endDate
      endReason
    }
  }
`;
const ASSIGN_LEAD = /* GraphQL */ `
  mutation Assign($input: AssignLeadProfessionalInput!) {
    assignLeadProfessional(input: $input) {
      previousLead {
        id
      }
      newLead {
        id
        familyName
      }
      reason
      reasonNote
      recordedBy {
        id
      }
      handedOverAt
    }
  }
`;
const LEAD_HISTORY = /* GraphQL */ `
  query History($nhsNumber: String!) {
    leadHistory(nhsNumber: $nhsNumber) {
      current {
        professional {
          id
          familyName
        }
        startedAt
        endedAt
      }
      handovers {
        previousLead {
          familyName
        }
        newLead {
          familyName
        }
        reason
        recordedBy {
          familyName
        }
        handedOverAt
      }
    }
  }
`;
const CARE_TEAM = /* GraphQL */ `
  query CareTeam($nhsNumber: String!, $includeEnded: Boolean) {
    careTeam(nhsNumber: $nhsNumber, includeEnded: $includeEnded) {
      kind
      roleInCare
      isLead
      endDate
      name
      professional {
        familyName
      }
      organisation {
        name
      }
      team {
        name
      }
    }
  }
`;

describe('Care teams and lead professionals over GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const create = async (query: string, input: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, { input }, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0] as Record<string, any>;
  };
  const organisation = (input: Record<string, unknown> = {}) => create(CREATE_ORGANISATION, anOrganisation(input));
  const professional = (input: Record<string, unknown> = {}) => create(CREATE_PROFESSIONAL, aProfessional(input));
  const person = async () =>
    (await create(`mutation R($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, aPerson()))
      .nhsNumber as string;

  it('sets up a locality, a PCN and its practices, and lists the practices under each', async () => {
    const locality = await organisation({ odsCode: null, name: 'Basildon', kind: 'LOCALITY' });
    const pcn = await organisation({ name: 'Basildon East PCN', kind: 'PRIMARY_CARE_NETWORK', parentId: locality.id });
    const practice = await organisation({ odsCode: ' y90001x ', name: 'Pitsea Surgery', parentId: pcn.id });
    await organisation({ name: 'Laindon Surgery', parentId: pcn.id });
    expect(practice).toMatchObject({ odsCode: 'Y90001X', kind: 'GP_PRACTICE', parentId: pcn.id, version: 1 });

    const under = await t.gql(
      `query Under($id: ID!) {
        organisationsUnder(id: $id, kind: GP_PRACTICE, first: 10) { nodes { name parent { name parent { name } } } pageInfo { hasNextPage } }
      }`,
      { id: locality.id },
    );
    expect(under.data?.organisationsUnder).toEqual({
      nodes: [
        { name: 'Laindon Surgery', parent: { name: 'Basildon East PCN', parent: { name: 'Basildon' } } },
        { name: 'Pitsea Surgery', parent: { name: 'Basildon East PCN', parent: { name: 'Basildon' } } },
      ],
      pageInfo: { hasNextPage: false },
    });
    const byOds = await t.gql(`{ organisationByOdsCode(odsCode: "y90001x") { id name } }`);
    expect(byOds.data?.organisationByOdsCode).toEqual({ id: practice.id, name: 'Pitsea Surgery' });
  });

  it("shows a professional's roles and teams, and a team's members, with their organisations", async () => {
    const practice = await organisation({ name: 'Pitsea Surgery' });
    const gp = await professional({
      givenName: 'Amir',
      familyName: 'Khan',
      profession: 'GP',
      registrationBody: 'GMC',
      registrationNumber: '7000001',
    });
    const social = await professional({
      givenName: 'Jo',
      familyName: 'Reed',
      profession: 'SOCIAL_WORKER',
      registrationBody: 'SOCIAL_WORK_ENGLAND',
      registrationNumber: 'SW100001',
    });
    await create(`mutation A($input: AddProfessionalRoleInput!) { addProfessionalRole(input: $input) { id } }`, {
      professionalId: gp.id,
      organisationId: practice.id,
      jobTitle: 'GP partner',
      startDate: '2019-09-01',
    });
    const mdt = await create(`mutation T($input: CreateTeamInput!) { createTeam(input: $input) { id name } }`, {
      name: 'Pitsea practice MDT',
      kind: 'MULTIDISCIPLINARY_TEAM',
      organisationId: practice.id,
      startDate: '2024-01-01',
    });
    for (const [professionalId, role] of [
      [gp.id, 'Chair'],
      [social.id, 'Social worker'],
    ]) {
      await create(`mutation M($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id } }`, {
        teamId: mdt.id,
        professionalId,
        role,
      });
    }

    const professionals = t.app.get(ProfessionalsService);
    const rolesOf = professionals.rolesOf;
    const askedFor: number[] = [];
    professionals.rolesOf = (ids, includeEnded) => (askedFor.push(ids.length), rolesOf.call(professionals, ids, includeEnded));
    const found = await t.gql(
      `query P($id: ID!, $team: ID!) {
        professional(id: $id) { familyName roles { jobTitle startDate organisation { name } } teamMemberships { role team { name organisation { name } } } }
        team(id: $team) { name members { role professional { familyName roles { jobTitle } } } }
      }`,
      { id: gp.id, team: mdt.id },
    );
    expect(found.errors).toBeUndefined();
    expect(found.data?.professional).toEqual({
      familyName: 'Khan',
      roles: [{ jobTitle: 'GP partner', startDate: '2019-09-01', organisation: { name: 'Pitsea Surgery' } }],
      teamMemberships: [{ role: 'Chair', team: { name: 'Pitsea practice MDT', organisation: { name: 'Pitsea Surgery' } } }],
    });
    expect(found.data?.team.members).toEqual([
      { role: 'Chair', professional: { familyName: 'Khan', roles: [{ jobTitle: 'GP partner' }] } },
      { role: 'Social worker', professional: { familyName: 'Reed', roles: [] } },
    ]);
    // The roles of every member of the team came in one query, not one per member.
    professionals.rolesOf = rolesOf;
    expect(askedFor).toEqual([1, 2]);
  });

  it("builds a person's care team, assigns a lead, hands over, and shows who leads now and who led before", async () => {
    const nhsNumber = await person();
    const coordinator = await professional({
      familyName: 'Navigator',
      profession: 'CARE_NAVIGATOR',
      registrationBody: null,
      registrationNumber: null,
    });
    const gp = await professional({
      familyName: 'Khan',
      profession: 'GP',
      registrationBody: 'GMC',
      registrationNumber: '7000002',
    });
    const geriatrician = await professional({
      familyName: 'Osei',
      profession: 'CONSULTANT_GERIATRICIAN',
      registrationBody: 'GMC',
      registrationNumber: '7000003',
    });
    const carer = await create(ADD_MEMBER, {
      nhsNumber,
      kind: 'CARER',
      name: 'Susan Hale',
      relationship: 'daughter',
      contact: '07700 900123',
      roleInCare: 'Main carer',
      startDate: '2024-06-01',
    });
    await create(ADD_MEMBER, { nhsNumber, kind: 'THE_PERSON', roleInCare: 'Sets her own goals' });

    const assigned = await create(ASSIGN_LEAD, {
      nhsNumber,
      professionalId: gp.id,
      expectedCurrentLeadId: null,
      reason: 'ASSIGNED',
    }, asProfessional(coordinator));
    expect(assigned).toMatchObject({
      previousLead: null,
      newLead: { id: gp.id },
      reason: 'ASSIGNED',
      recordedBy: { id: coordinator.id },
    });
    const handedOver = await create(ASSIGN_LEAD, {
      nhsNumber,
      professionalId: geriatrician.id,
      expectedCurrentLeadId: gp.id,
      reason: 'STEP_UP',
      reasonNote: 'Significant complexity after a fall',
    }, asProfessional(coordinator));
    expect(handedOver).toMatchObject({
      previousLead: { id: gp.id },
      newLead: { familyName: 'Osei' },
      reasonNote: 'Significant complexity after a fall',
    });

    const history = (await t.gql(LEAD_HISTORY, { nhsNumber })).data?.leadHistory;
    expect(history.current).toMatchObject({ professional: { familyName: 'Osei' }, endedAt: null });
    expect(
      history.handovers.map((h: any) => [
        h.previousLead?.familyName ?? null,
        h.newLead.familyName,
        h.reason,
        h.recordedBy.familyName,
      ]),
    ).toEqual([
      ['Khan', 'Osei', 'STEP_UP', 'Navigator'],
      [null, 'Khan', 'ASSIGNED', 'Navigator'],
    ]);

    await create(END_MEMBERSHIP, { id: carer.id, endDate: '2025-01-31', endReason: 'Moved away' });
    const team = (await t.gql(CARE_TEAM, { nhsNumber, includeEnded: true })).data?.careTeam;
    expect(team).toEqual([
      expect.objectContaining({ kind: 'THE_PERSON', isLead: false, endDate: null }),
      expect.objectContaining({
        kind: 'PROFESSIONAL',
        professional: { familyName: 'Khan' },
        roleInCare: 'Lead professional',
        isLead: false,
      }),
      expect.objectContaining({ kind: 'PROFESSIONAL', professional: { familyName: 'Osei' }, isLead: true }),
      expect.objectContaining({ kind: 'CARER', name: 'Susan Hale', endDate: '2025-01-31' }),
    ]);
    expect((await t.gql(CARE_TEAM, { nhsNumber })).data?.careTeam).toHaveLength(3);

    const caseload = await t.gql(
      `query C($id: ID!) { personsLedBy(professionalId: $id) { nodes { person { nhsNumber } startedAt } pageInfo { hasNextPage } } }`,
      { id: geriatrician.id },
    );
    expect(caseload.data?.personsLedBy).toEqual({
      nodes: [{ person: { nhsNumber }, startedAt: expect.any(String) }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('of two handovers sent at once from the same lead, one wins and the other is refused with LEAD_CHANGED', async () => {
    const nhsNumber = await person();
    const [matron, a, b] = [await professional(), await professional(), await professional()];
    await create(ASSIGN_LEAD, {
      nhsNumber,
      professionalId: matron.id,
      expectedCurrentLeadId: null,
      reason: 'ASSIGNED',
    }, asProfessional(matron));
    const racing = await Promise.all(
      [a, b].map((next) =>
        t.gql(ASSIGN_LEAD, {
          input: {
            nhsNumber,
            professionalId: next.id,
            expectedCurrentLeadId: matron.id,
            reason: 'CHANGE_OF_TEAM',
          },
        }, asProfessional(matron)),
      ),
    );
    expect(racing.filter((r) => r.data?.assignLeadProfessional)).toHaveLength(1);
    const [refused] = racing.filter((r) => r.errors);
    const winner = racing.find((r) => r.data?.assignLeadProfessional)!.data!.assignLeadProfessional.newLead.id;
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'LEAD_CHANGED', currentLeadId: winner });
    expect((await t.gql(LEAD_HISTORY, { nhsNumber })).data?.leadHistory.handovers).toHaveLength(2);
  });

  it('answers bad input with its own code and writes nothing', async () => {
    const nhsNumber = await person();
    const practice = await organisation();
    const matron = await professional();
    const team = await create(`mutation T($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, {
      name: 'Hub',
      kind: 'LOCALITY_HUB',
      organisationId: practice.id,
    });
    const lead = (professionalId: string, extra: Record<string, unknown> = {}) =>
      t.gql(ASSIGN_LEAD, {
        input: { nhsNumber, professionalId, expectedCurrentLeadId: null, reason: 'ASSIGNED', ...extra },
      }, asProfessional(matron));
    const codeOf = async (response: Promise<{ errors?: { extensions: { code: string } }[] }>) =>
      (await response).errors?.[0].extensions.code;

    expect(await codeOf(t.gql(CREATE_ORGANISATION, { input: anOrganisation({ odsCode: practice.odsCode }) }))).toBe(
      'ODS_CODE_TAKEN',
    );
    expect(await codeOf(t.gql(CREATE_ORGANISATION, { input: anOrganisation({ parentId: randomUUID() }) }))).toBe(
      'ORGANISATION_NOT_FOUND',
    );
    expect(await codeOf(t.gql(CREATE_ORGANISATION, { input: anOrganisation({ parentId: 'practice-1' }) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(lead(team.id))).toBe('LEAD_NOT_A_PROFESSIONAL');
    expect(await codeOf(lead(randomUUID()))).toBe('PROFESSIONAL_NOT_FOUND');
    expect(await codeOf(lead(matron.id, { expectedCurrentLeadId: undefined }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(lead(matron.id, { reason: 'OTHER' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(lead(matron.id, { expectedCurrentLeadId: randomUUID() }))).toBe('LEAD_CHANGED');
    expect(await codeOf(t.gql(ADD_MEMBER, { input: { nhsNumber, kind: 'TEAM', teamId: randomUUID(), roleInCare: 'MDT' } }))).toBe(
      'TEAM_NOT_FOUND',
    );
    expect(await codeOf(t.gql(ADD_MEMBER, { input: { nhsNumber: '4010232137', kind: 'THE_PERSON', roleInCare: 'Self' } }))).toBe(
      'PERSON_NOT_FOUND',
    );
    expect((await t.gql(LEAD_HISTORY, { nhsNumber })).data?.leadHistory).toEqual({ current: null, handovers: [] });
    expect((await t.gql(CARE_TEAM, { nhsNumber, includeEnded: true })).data?.careTeam).toEqual([]);

    const member = await create(ADD_MEMBER, {
      nhsNumber,
      kind: 'PROFESSIONAL',
      professionalId: matron.id,
      roleInCare: 'Matron',
      startDate: '2025-02-01',
    });
    const early = await t.gql(END_MEMBERSHIP, { input: { id: member.id, endDate: '2025-01-01' } });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'DATES_OUT_OF_ORDER', fields: [{ field: 'endDate' }] });
    await create(END_MEMBERSHIP, { id: member.id, endDate: '2025-03-01' });
    const twice = await t.gql(END_MEMBERSHIP, { input: { id: member.id } });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'MEMBERSHIP_ALREADY_ENDED', endDate: '2025-03-01' });

    const stale = await t.gql(`mutation U($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { version } }`, {
      input: { id: practice.id, expectedVersion: 2, name: 'Renamed' },
    });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });
  });
});
