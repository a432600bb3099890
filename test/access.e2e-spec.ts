import { SignJWT } from 'jose';
import request from 'supertest';
import { anOrganisation, aPerson, aProfessional } from './support/builders';
import { fhirClient } from './support/fhir-client';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Who may see what, over HTTP. One person, Mr Pike, registered at practice F81001, with a care
 * team (a district nurse, the locality team, the council) and a lead (a community matron); and
 * users with each kind of relationship to him, or none. Every read and change is tried as each.
 */

const PRACTICE = 'F81001';
const PCN = 'U81001';
const TRUST = 'RX100'; // the community trust the nurse, matron and team work for
const COUNCIL = 'C604'; // the council's adult social care
const ELSEWHERE = 'F82999'; // another practice, with no part in his care

const READS = {
  person: `query ($n: String!) { person(nhsNumber: $n) { nhsNumber familyName } }`,
  careTeam: `query ($n: String!) { careTeam(nhsNumber: $n) { kind roleInCare } }`,
  leadHistory: `query ($n: String!) { leadHistory(nhsNumber: $n) { current { professional { familyName } } } }`,
};

describe('Who may see what', () => {
  let t: TestApp;
  let nhsNumber: string;
  let pikeId: string;
  const users: Record<string, TestUser> = {};

  const ok = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0] as Record<string, any>;
  };
  const auditRows = async (where = 'true', parameters: unknown[] = []) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE ${where}`, parameters))[0].n);
  const personId = async (n: string) => (await t.dataSource.query('SELECT id FROM person WHERE nhs_number = $1', [n]))[0].id;
  /** Whether a FHIR search that names no one, by the user, finds him: it looks among the user's own people. */
  const foundByBroadSearch = async (as: TestUser) => {
    const found = await fhirClient(t, as).get('/Patient?_count=200');
    expect(found.status).toBe(200);
    return (found.body.entry ?? []).some((e: any) => e.resource.id === pikeId);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const organisation = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
        input: anOrganisation(input),
      });
    const professional = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, {
        input: aProfessional(input),
      });
    const pcn = await organisation({ odsCode: PCN, name: 'Colne Valley PCN', kind: 'PRIMARY_CARE_NETWORK' });
    await organisation({ odsCode: PRACTICE, name: 'Colne Surgery', kind: 'GP_PRACTICE', parentId: pcn.id });
    const trust = await organisation({ odsCode: TRUST, name: 'Essex Community Trust', kind: 'NHS_TRUST' });
    const council = await organisation({ odsCode: COUNCIL, name: 'Essex County Council', kind: 'LOCAL_AUTHORITY' });

    const gp = await professional({ familyName: 'Khan', profession: 'GP', registrationBody: 'GMC', registrationNumber: '7100001' });
    const nurse = await professional({ familyName: 'Nurse', profession: 'DISTRICT_NURSE' });
    const matron = await professional({ familyName: 'Matron', profession: 'COMMUNITY_MATRON' });
    const teamMember = await professional({ familyName: 'Hubworker', profession: 'OCCUPATIONAL_THERAPIST', registrationBody: 'HCPC', registrationNumber: 'OT71001' });
    const socialWorker = await professional({ familyName: 'Social', profession: 'SOCIAL_WORKER', registrationBody: 'SOCIAL_WORK_ENGLAND', registrationNumber: 'SW71001' });
    const stranger = await professional({ familyName: 'Stranger', profession: 'GP', registrationBody: 'GMC', registrationNumber: '7100002' });
    const team = await ok(`mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, {
      input: { name: 'Colne locality hub', kind: 'LOCALITY_HUB', organisationId: trust.id },
    });
    await ok(`mutation ($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id } }`, {
      input: { teamId: team.id, professionalId: teamMember.id, role: 'Occupational therapist' },
    });

    const as = (p: Record<string, any>, org: string, roles: string[]): TestUser => ({ sub: p.id, professionalId: p.id, org, roles });
    Object.assign(users, {
      'no relationship': as(stranger, ELSEWHERE, ['GP', 'CARE_COORDINATOR']),
      'care team member': as(nurse, TRUST, ['CLINICAL_PRACTITIONER']),
      'lead professional': as(matron, TRUST, ['CARE_COORDINATOR']),
      'member of a team in the care team (caseload)': as(teamMember, TRUST, ['CLINICAL_PRACTITIONER']),
      'staff of an organisation in the care team': as(socialWorker, COUNCIL, ['SOCIAL_CARE_PRACTITIONER']),
      'staff of the GP practice': as(gp, PRACTICE, ['GP']),
      'a PCN analyst (no record access)': { sub: 'analyst', org: PCN, roles: ['POPULATION_ANALYST'] },
      'a privacy officer (no record access)': { sub: 'officer', org: PRACTICE, roles: ['PRIVACY_OFFICER'] },
    });

    nhsNumber = (await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, {
      input: aPerson({ familyName: 'Pike', gpPracticeOds: PRACTICE }),
    })).nhsNumber;
    pikeId = await personId(nhsNumber);
    const gpUser = users['staff of the GP practice'];
    const member = (input: Record<string, unknown>) =>
      ok(`mutation ($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, { input: { nhsNumber, ...input } }, gpUser);
    await member({ kind: 'PROFESSIONAL', professionalId: nurse.id, roleInCare: 'District nursing' });
    await member({ kind: 'TEAM', teamId: team.id, roleInCare: 'Locality hub' });
    await member({ kind: 'ORGANISATION', organisationId: council.id, roleInCare: 'Adult social care' });
    await ok(
      `mutation ($input: AssignLeadProfessionalInput!) { assignLeadProfessional(input: $input) { id } }`,
      { input: { nhsNumber, professionalId: matron.id, expectedCurrentLeadId: null, reason: 'ASSIGNED' } },
      gpUser,
    );
  });
  afterAll(() => t.close());

  const ALLOWED = ['care team member', 'lead professional', 'member of a team in the care team (caseload)', 'staff of an organisation in the care team', 'staff of the GP practice'];
  const REFUSED = ['no relationship', 'a PCN analyst (no record access)', 'a privacy officer (no record access)'];

  describe.each(ALLOWED)('a user who is %s', (who) => {
    it.each(Object.keys(READS))('reads his %s, and the read is audited', async (read) => {
      const before = await auditRows('user_subject = $1 AND outcome = $2', [users[who].sub, 'PERMITTED']);
      const data = await ok(READS[read as keyof typeof READS], { n: nhsNumber }, users[who]);
      expect(data).toBeTruthy();
      expect(await auditRows('user_subject = $1 AND outcome = $2', [users[who].sub, 'PERMITTED'])).toBe(before + 1);
    });

    it('finds him in a FHIR search that names no one', async () => {
      expect(await foundByBroadSearch(users[who])).toBe(true);
    });

    it('changes his record and his care team', async () => {
      const [{ version }] = await t.dataSource.query('SELECT version FROM person WHERE nhs_number = $1', [nhsNumber]);
      await ok(`mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version } }`, {
        input: { nhsNumber, expectedVersion: version, reasonableAdjustments: `Noted by ${who}` },
      }, users[who]);
      await ok(`mutation ($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
        input: { nhsNumber, kind: 'RELATIVE', name: `Relative noted by ${who}`, relationship: 'nephew', roleInCare: 'Visits' },
      }, users[who]);
    });
  });

  describe.each(REFUSED)('a user who is %s', (who) => {
    it.each(Object.keys(READS))('is refused his %s, sees nothing of it, and the refusal is audited', async (read) => {
      const before = await auditRows('user_subject = $1 AND outcome = $2', [users[who].sub, 'REFUSED']);
      const response = await t.gql(READS[read as keyof typeof READS], { n: nhsNumber }, users[who]);
      expect(response.errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
      expect(Object.values(response.data ?? {}).filter((value) => value !== null)).toEqual([]);
      expect(JSON.stringify(response)).not.toContain('Pike');
      expect(await auditRows('user_subject = $1 AND outcome = $2', [users[who].sub, 'REFUSED'])).toBe(before + 1);
    });

    it('does not find him in a FHIR search that names no one', async () => {
      const found = await fhirClient(t, users[who]).get('/Patient?_count=200');
      expect(found.status === 403 || !(found.body.entry ?? []).some((e: any) => e.resource.id === pikeId)).toBe(true);
    });

    it('cannot change his record or his care team, and nothing is written', async () => {
      const [before] = await t.dataSource.query('SELECT version FROM person WHERE nhs_number = $1', [nhsNumber]);
      const members = await t.dataSource.query('SELECT count(*) AS n FROM care_team_member');
      const update = await t.gql(`mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version } }`, {
        input: { nhsNumber, expectedVersion: before.version, reasonableAdjustments: 'x' },
      }, users[who]);
      const add = await t.gql(`mutation ($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
        input: { nhsNumber, kind: 'CARER', name: 'Intruder', relationship: 'none', roleInCare: 'None' },
      }, users[who]);
      expect([update, add].map((r) => r.errors?.[0].extensions.code)).toEqual(['NOT_AUTHORISED', 'NOT_AUTHORISED']);
      expect((await t.dataSource.query('SELECT version FROM person WHERE nhs_number = $1', [nhsNumber]))[0].version).toBe(before.version);
      expect(await t.dataSource.query('SELECT count(*) AS n FROM care_team_member')).toEqual(members);
    });
  });

  describe('each role, at the person\'s own GP practice, may do what its activities grant and nothing else', () => {
    // view, change, register, population, directory read, directory write, audit trail, break glass
    const GRANTS: Record<string, string> = {
      GP: '✓✓✓✓✓✗✗✓',
      CARE_COORDINATOR: '✓✓✓✗✓✗✗✓',
      CLINICAL_PRACTITIONER: '✓✓✗✗✓✗✗✓',
      SOCIAL_CARE_PRACTITIONER: '✓✓✓✗✓✗✗✓',
      REFERRAL_COORDINATOR: '✗✗✓✗✓✗✗✗',
      REGISTRATION_CLERK: '✓✓✓✗✓✗✗✗',
      POPULATION_ANALYST: '✗✗✗✓✓✗✗✗',
      DIRECTORY_ADMINISTRATOR: '✗✗✗✗✓✓✗✗',
      PRIVACY_OFFICER: '✗✗✗✗✓✗✓✗',
    };
    const operations: [string, () => Promise<[string, Record<string, unknown>]>][] = [
      ['view', async () => [READS.person, { n: nhsNumber }]],
      ['change', async () => {
        const [{ version }] = await t.dataSource.query('SELECT version FROM person WHERE nhs_number = $1', [nhsNumber]);
        return [`mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version } }`,
          { input: { nhsNumber, expectedVersion: version, postcode: 'CO6 2AA' } }];
      }],
      ['register', async () => [`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: aPerson({ gpPracticeOds: PRACTICE }) }]],
      ['population', async () => [`{ personsAtPractice(gpPracticeOds: "${PRACTICE}", first: 1) { nodes { nhsNumber } } }`, {}]],
      ['directory read', async () => [`{ organisationByOdsCode(odsCode: "${PRACTICE}") { name } }`, {}]],
      ['directory write', async () => [`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: anOrganisation({ kind: 'CARE_HOME' }) }]],
      ['audit trail', async () => [`{ auditTrail(first: 1) { nodes { id } } }`, {}]],
      ['break glass', async () => [`mutation ($input: BreakGlassInput!) { breakGlass(input: $input) { id } }`, { input: { nhsNumber, reason: 'Checking the role matrix works' } }]],
    ];

    it.each(Object.entries(GRANTS))('%s: %s', async (role, grants) => {
      const user: TestUser = { sub: `role-${role}`, org: PRACTICE, roles: [role] };
      const outcomes: string[] = [];
      for (const [, operation] of operations) {
        const [query, variables] = await operation();
        const response = await t.gql(query, variables, user);
        const code = response.errors?.[0].extensions.code;
        if (code && code !== 'NOT_AUTHORISED') throw new Error(`${role}: ${query} failed with ${code}: ${response.errors?.[0].message}`);
        outcomes.push(code ? '✗' : '✓');
      }
      expect(outcomes.join('')).toBe(grants);
    });
  });

  describe('lists', () => {
    const FIND = `query ($d: String!) { findPersons(familyName: "Pike", dateOfBirth: $d) { nhsNumber } }`;
    const PAGE = `query ($ods: String!) { personsAtPractice(gpPracticeOds: $ods, first: 200) { nodes { nhsNumber } } }`;

    it('leave out the people a user may not see, and audit one row per person returned', async () => {
      const dateOfBirth = aPerson().dateOfBirth;
      const stranger = users['no relationship'];
      expect(await ok(FIND, { d: dateOfBirth }, stranger)).toEqual([]);
      const gp = users['staff of the GP practice'];
      const before = await auditRows('user_subject = $1 AND outcome = $2', [gp.sub, 'PERMITTED']);
      expect(await ok(FIND, { d: dateOfBirth }, gp)).toEqual([{ nhsNumber }]);
      expect(await auditRows('user_subject = $1 AND outcome = $2', [gp.sub, 'PERMITTED'])).toBe(before + 1);
    });

    it("let a GP page through their own practice's list, auditing each person on the page", async () => {
      const gp = users['staff of the GP practice'];
      for (let i = 0; i < 4; i += 1) {
        await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, {
          input: aPerson({ gpPracticeOds: PRACTICE }),
        });
      }
      const before = await auditRows('user_subject = $1', [gp.sub]);
      const page = await ok(PAGE, { ods: PRACTICE }, gp);
      const listed = await t.dataSource.query('SELECT count(*)::int AS n FROM person WHERE gp_practice_ods = $1', [PRACTICE]);
      expect(page.nodes).toHaveLength(listed[0].n);
      expect(await auditRows('user_subject = $1', [gp.sub])).toBe(before + page.nodes.length);
    });

    it("let a PCN page through its practices' lists but not another practice's", async () => {
      const analyst = users['a PCN analyst (no record access)'];
      expect((await ok(PAGE, { ods: PRACTICE }, analyst)).nodes.length).toBeGreaterThan(0);
      const elsewhere = await t.gql(PAGE, { ods: ELSEWHERE }, analyst);
      expect(elsewhere.errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
    });

    it('let a PCN see a practice as soon as it is put under it, and not once it has moved away', async () => {
      const analyst = users['a PCN analyst (no record access)'];
      const [pcn] = await t.dataSource.query('SELECT id FROM organisation WHERE ods_code = $1', [PCN]);
      const joining = await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id version } }`, {
        input: anOrganisation({ odsCode: 'F81077', name: 'Joining Surgery', kind: 'GP_PRACTICE' }),
      });
      expect((await t.gql(PAGE, { ods: 'F81077' }, analyst)).errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
      const moved = await ok(`mutation ($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { version } }`, {
        input: { id: joining.id, expectedVersion: joining.version, parentId: pcn.id },
      });
      await ok(PAGE, { ods: 'F81077' }, analyst);
      await ok(`mutation ($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { version } }`, {
        input: { id: joining.id, expectedVersion: moved.version, parentId: null },
      });
      expect((await t.gql(PAGE, { ods: 'F81077' }, analyst)).errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
    });
  });

  describe('dissent to sharing', () => {
    it('with one organisation shuts out its staff, and withdrawing it lets them back in', async () => {
      const nurse = users['care team member'];
      const dissent = await ok(
        `mutation ($input: RecordSharingDissentInput!) { recordSharingDissent(input: $input) { id organisationOds } }`,
        { input: { nhsNumber, organisationOds: TRUST, note: 'Does not want the trust to see his record' } },
        users['staff of the GP practice'],
      );
      expect((await t.gql(READS.person, { n: nhsNumber }, nurse)).errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
      await ok(READS.person, { n: nhsNumber }, users['staff of an organisation in the care team']);
      await ok(`mutation ($input: WithdrawSharingDissentInput!) { withdrawSharingDissent(input: $input) { withdrawnAt } }`, {
        input: { id: dissent.id },
      }, users['staff of the GP practice']);
      await ok(READS.person, { n: nhsNumber }, nurse);
    });

    it('with everyone outside the GP practice leaves only the practice, and break glass', async () => {
      const gp = users['staff of the GP practice'];
      const council = users['staff of an organisation in the care team'];
      const dissent = await ok(
        `mutation ($input: RecordSharingDissentInput!) { recordSharingDissent(input: $input) { id organisationOds } }`,
        { input: { nhsNumber } },
        gp,
      );
      expect(dissent.organisationOds).toBeNull();
      for (const who of ALLOWED.filter((w) => w !== 'staff of the GP practice')) {
        expect((await t.gql(READS.person, { n: nhsNumber }, users[who])).errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
      }
      await ok(READS.person, { n: nhsNumber }, gp);
      await ok(`mutation ($input: BreakGlassInput!) { breakGlass(input: $input) { expiresAt } }`, {
        input: { nhsNumber, reason: 'Safeguarding strategy meeting today' },
      }, council);
      await ok(READS.person, { n: nhsNumber }, council);
      await ok(`mutation ($input: WithdrawSharingDissentInput!) { withdrawSharingDissent(input: $input) { id } }`, {
        input: { id: dissent.id },
      }, gp);
    });
  });

  describe('break glass', () => {
    it('opens the record to a user with no relationship, for a stated reason, audited and listed for review', async () => {
      const stranger = users['no relationship'];
      expect((await t.gql(READS.person, { n: nhsNumber }, stranger)).errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
      const short = await t.gql(`mutation ($input: BreakGlassInput!) { breakGlass(input: $input) { id } }`, {
        input: { nhsNumber, reason: 'urgent' },
      }, stranger);
      expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });

      const opened = await ok(`mutation ($input: BreakGlassInput!) { breakGlass(input: $input) { id reason expiresAt } }`, {
        input: { nhsNumber, reason: 'Unconscious in A&E, no other history available' },
      }, stranger);
      expect(new Date(opened.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(await ok(READS.person, { n: nhsNumber }, stranger)).toEqual({ nhsNumber, familyName: 'Pike' });
      expect(await foundByBroadSearch(stranger)).toBe(true);
      expect(await auditRows('user_subject = $1 AND basis = $2 AND action = $3', [stranger.sub, 'BREAK_GLASS', 'Query.person'])).toBe(1);

      const officer: TestUser = { sub: 'officer-elsewhere', org: ELSEWHERE, roles: ['PRIVACY_OFFICER'] };
      const forReview = await ok(`{ breakGlassAccesses { nodes { id reason userSubject } } }`, {}, officer);
      expect(forReview.nodes).toEqual([{ id: opened.id, reason: 'Unconscious in A&E, no other history available', userSubject: stranger.sub }]);
      await ok(`mutation ($input: ReviewBreakGlassInput!) { reviewBreakGlass(input: $input) { reviewedAt } }`, {
        input: { id: opened.id, note: 'Appropriate: emergency care' },
      }, officer);
      expect((await ok(`{ breakGlassAccesses { nodes { id } } }`, {}, officer)).nodes).toEqual([]);
    });

    it('is only for roles that grant it', async () => {
      const analyst = users['a PCN analyst (no record access)'];
      const refused = await t.gql(`mutation ($input: BreakGlassInput!) { breakGlass(input: $input) { id } }`, {
        input: { nhsNumber, reason: 'Curious about this person' },
      }, analyst);
      expect(refused.errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
    });
  });

  it("gives a privacy officer the trail of who saw the practice's patients", async () => {
    const officer = users['a privacy officer (no record access)'];
    const trail = await ok(`query ($n: String) { auditTrail(nhsNumber: $n, first: 200) { nodes { userSubject action outcome basis } } }`, { n: nhsNumber }, officer);
    expect(trail.nodes.length).toBe(await auditRows('person_id = $1', [await personId(nhsNumber)]));
    expect(trail.nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userSubject: users['no relationship'].sub, action: 'Query.person', outcome: 'REFUSED', basis: 'NO_RELATIONSHIP' }),
        expect.objectContaining({ userSubject: users['lead professional'].sub, outcome: 'PERMITTED', basis: 'LEAD_PROFESSIONAL' }),
      ]),
    );
  });

  describe('tokens', () => {
    const secret = () => new TextEncoder().encode(t.config.AUTH_SECRET!);
    const signed = (claims: Record<string, unknown>, key = secret()) =>
      new SignJWT({ sub: 'someone', roles: ['GP'], org: PRACTICE, ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer((claims.iss as string) ?? t.config.AUTH_ISSUER)
        .setAudience((claims.aud as string) ?? t.config.AUTH_AUDIENCE)
        .setExpirationTime((claims.exp as number) ?? '5m')
        .sign(key);
    const unsigned = () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const exp = Math.floor(Date.now() / 1000) + 300;
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'someone', roles: ['GP'], iss: t.config.AUTH_ISSUER, aud: t.config.AUTH_AUDIENCE, exp })}.`;
    };
    const ask = (authorization?: string) => {
      const req = request(t.app.getHttpServer()).post('/graphql');
      if (authorization) req.set('authorization', authorization);
      return req.send({ query: READS.person, variables: { n: nhsNumber } }).then((r) => r.body);
    };

    it.each([
      ['no token', async () => undefined],
      ['an expired token', async () => `Bearer ${await signed({ exp: Math.floor(Date.now() / 1000) - 60 })}`],
      ['an unsigned token', async () => `Bearer ${unsigned()}`],
      ['a token signed with another key', async () => `Bearer ${await signed({}, new TextEncoder().encode('another-secret-that-is-long-enough-0123'))}`],
      ['a token from another issuer', async () => `Bearer ${await signed({ iss: 'https://elsewhere.example' })}`],
      ['a token for another audience', async () => `Bearer ${await signed({ aud: 'another-service' })}`],
      ['something that is not a bearer token', async () => 'Basic dXNlcjpwYXNz'],
    ])('refuses %s with UNAUTHENTICATED and no data', async (_what, header) => {
      const body = await ask(await header());
      expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data?.person ?? null).toBeNull();
    });

    it('accepts a valid one, and says who it names', async () => {
      expect((await ask(`Bearer ${await signed({})}`)).data.person.nhsNumber).toBe(nhsNumber);
      const me = await ok(`{ me { subject organisationOds roles activities } }`, {}, users['staff of the GP practice']);
      expect(me).toMatchObject({ organisationOds: PRACTICE, roles: ['GP'], activities: expect.arrayContaining(['VIEW_PERSON_RECORD', 'BREAK_GLASS']) });
    });

    it('lets anyone ask whether the service is ready, without a token', async () => {
      expect((await request(t.app.getHttpServer()).get('/health')).status).toBe(200);
    });
  });
});
