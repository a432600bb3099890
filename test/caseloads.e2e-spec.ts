import { anOrganisation, aPerson, aProfessional } from './support/builders';
import { statementsDuring } from './support/statements';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * A community matron's caseload and her team's: the people she leads and those whose care team
 * she is in, with tier, plan and last event, and what it costs the database.
 */
const PRACTICE = 'F81001';
const TRUST = 'RX200';

const CASELOAD = `query ($professionalId: ID, $teamId: ID, $first: Int, $after: String) {
  caseload(professionalId: $professionalId, teamId: $teamId, first: $first, after: $after) {
    owner capacity leading people load
    nodes { nhsNumber familyName relationship tier tierName score planStatus nextReviewDate reviewOverdue openReferrals lastEvent { kind description } }
    pageInfo { hasNextPage endCursor } } }`;

describe('Caseloads', () => {
  let t: TestApp;
  let matron: TestUser;
  let matronId: string;
  let teamId: string;
  const led: string[] = [];
  let held: string;

  const ok = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0] as any;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const organisation = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: anOrganisation(input) });
    const professional = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, { input: aProfessional(input) });
    await organisation({ odsCode: PRACTICE, name: 'Colne Surgery' });
    const trust = await organisation({ odsCode: TRUST, name: 'Essex Community Trust', kind: 'NHS_TRUST' });
    matronId = (await professional({ familyName: 'Shah', caseloadCapacity: 4 })).id;
    const colleague = (await professional({ familyName: 'Begum', caseloadCapacity: 6 })).id;
    teamId = (await ok(`mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, {
      input: { name: 'Colne case management', kind: 'CARE_COORDINATION', organisationId: trust.id },
    })).id;
    for (const id of [matronId, colleague]) {
      await ok(`mutation ($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id } }`, { input: { teamId, professionalId: id } });
    }
    matron = { sub: matronId, professionalId: matronId, org: TRUST, roles: ['CARE_COORDINATOR'] };
    const gp = { ...matron, org: PRACTICE, roles: ['GP', 'CARE_COORDINATOR'] };
    for (const familyName of ['Adams', 'Baker', 'Clark', 'Dunn', 'Evans', 'Fox']) {
      const { nhsNumber } = await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, {
        input: aPerson({ familyName, gpPracticeOds: PRACTICE }),
      });
      await ok(`mutation ($input: AssignLeadProfessionalInput!) { assignLeadProfessional(input: $input) { id } }`, {
        input: { nhsNumber, professionalId: matronId, expectedCurrentLeadId: null, reason: 'ASSIGNED' },
      }, gp);
      led.push(nhsNumber);
    }
    ({ nhsNumber: held } = await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, {
      input: aPerson({ familyName: 'Gray', gpPracticeOds: PRACTICE }),
    }));
    await ok(`mutation ($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
      input: { nhsNumber: held, kind: 'PROFESSIONAL', professionalId: matronId, roleInCare: 'Community matron' },
    }, gp);
    // Adams has a current plan whose review is overdue; everyone has a tier.
    const plan = await ok(`mutation ($input: CreateCarePlanInput!) { createCarePlan(input: $input) { id version } }`, {
      input: { nhsNumber: led[0], startDate: '2024-01-02', content: { aboutMe: 'Lives alone', reviewIntervalDays: 90 } },
    }, gp);
    await t.dataSource.query(
      `UPDATE care_plan SET status = 'ACTIVE', activated_at = now(), next_review_date = '2024-04-01' WHERE id = $1`,
      [plan.id],
    );
    const analyst = { sub: 'analyst', org: PRACTICE, roles: ['POPULATION_ANALYST'] };
    await ok(`mutation ($input: LoadRiskScoresInput!) { loadRiskScores(input: $input) { loaded } }`, {
      input: { scores: [...led, held].map((nhsNumber, i) => ({ nhsNumber, model: 'EFI', value: (20 - i) / 36, assessedOn: '2025-06-01', source: 'test' })) },
    }, analyst);
    const policy = await ok(`mutation ($input: SetStratificationPolicyInput!) { setStratificationPolicy(input: $input) { id } }`, {
      input: {
        name: 'Colne frailty', scopeOdsCodes: [PRACTICE], model: 'EFI', basis: 'CATEGORY',
        tiers: [
          { code: 'SIGNIFICANT', name: 'Significant complexity', categories: ['SEVERE'], caseManaged: true, leadProfessions: ['COMMUNITY_MATRON'] },
          { code: 'MODERATE', name: 'Moderate complexity', categories: ['MODERATE'], caseManaged: false },
          { code: 'WELL', name: 'Well', categories: ['MILD', 'FIT'], caseManaged: false },
        ],
      },
    }, { ...analyst, roles: ['POPULATION_ANALYST'] });
    await ok(`mutation ($id: ID!) { retier(policyId: $id) { tiered } }`, { id: policy.id }, analyst);
    await ok(`mutation ($input: SendReferralInput!) { sendReferral(input: $input) { referral { id } } }`, {
      input: { nhsNumber: led[1], serviceCode: 'COMMUNITY_NURSING', spoaOds: TRUST, source: 'GP', requestedUrgency: 'SOON', reason: 'Leg ulcer' },
    }, gp);
  });
  afterAll(() => t.close());

  it("shows a matron's caseload with capacity, load, tier, plan, review and last event", async () => {
    const page = await ok(CASELOAD, { professionalId: matronId, first: 100 }, matron);
    expect(page).toMatchObject({ owner: 'Priya Shah', capacity: 4, leading: 6, people: 7, load: 1.5 });
    expect(page.nodes.map((n: any) => [n.familyName, n.relationship, n.tier])).toEqual([
      ['Adams', 'LEAD', 'SIGNIFICANT'],
      ['Baker', 'LEAD', 'SIGNIFICANT'],
      ['Clark', 'LEAD', 'SIGNIFICANT'],
      ['Dunn', 'LEAD', 'SIGNIFICANT'],
      ['Evans', 'LEAD', 'SIGNIFICANT'],
      ['Fox', 'LEAD', 'SIGNIFICANT'],
      ['Gray', 'CARE_TEAM', 'SIGNIFICANT'],
    ]);
    expect(page.nodes[0]).toMatchObject({ planStatus: 'ACTIVE', nextReviewDate: '2024-04-01', reviewOverdue: true, openReferrals: 0 });
    expect(page.nodes[1]).toMatchObject({ openReferrals: 1 });
    expect(page.nodes[0].lastEvent).toEqual({ kind: 'TIER_CHANGE', description: 'no tier to SIGNIFICANT' });
    expect(page.nodes[6]).toMatchObject({ planStatus: null, reviewOverdue: false });
  });

  it("shows a team's caseload: the people its members lead or it holds, against the members' capacity", async () => {
    const page = await ok(CASELOAD, { teamId, first: 3 }, matron);
    expect(page).toMatchObject({ owner: 'Colne case management', capacity: 10, leading: 6, people: 6 });
    expect(page.nodes.map((n: any) => n.familyName)).toEqual(['Adams', 'Baker', 'Clark']);
    const next = await ok(CASELOAD, { teamId, first: 3, after: page.pageInfo.endCursor }, matron);
    expect(next.nodes.map((n: any) => n.familyName)).toEqual(['Dunn', 'Evans', 'Fox']);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('audits the people on a page as it reads them, each on the relationship that lets the user see them', async () => {
    const colleague = { ...matron, sub: 'matron-on-call' };
    const page = await ok(CASELOAD, { professionalId: matronId, first: 2 }, colleague);
    expect(page.nodes.map((n: any) => n.familyName)).toEqual(['Adams', 'Baker']);
    const audited = await t.dataSource.query(
      `SELECT p.family_name, a.outcome, a.basis, a.entity FROM audit_event a JOIN person p ON p.id = a.person_id
       WHERE a.user_subject = 'matron-on-call' AND a.action = 'Query.caseload' ORDER BY p.family_name`,
    );
    // Clark, the row looked ahead to, is neither shown nor audited.
    expect(audited).toEqual(
      ['Adams', 'Baker'].map((family_name) => ({ family_name, outcome: 'PERMITTED', basis: 'LEAD_PROFESSIONAL', entity: 'CaseloadEntry' })),
    );
  });

  it('serves a page with the same number of SQL statements whatever its size', async () => {
    const statements = (first: number) =>
      statementsDuring(t.dataSource, async () => {
        const page = await ok(CASELOAD, { professionalId: matronId, first }, matron);
        expect(page.nodes).toHaveLength(Math.min(first, 7));
      });
    const small = await statements(1);
    expect(await statements(7)).toBe(small);
    expect(small).toBe(1); // the page with its header and totals, the access check and the audit
  });

  it('refuses an unknown professional and a question with neither professional nor team', async () => {
    const unknown = await t.gql(CASELOAD, { professionalId: '00000000-0000-4000-8000-000000000000' }, matron);
    expect(unknown.errors?.[0].extensions.code).toBe('PROFESSIONAL_NOT_FOUND');
    const neither = await t.gql(CASELOAD, {}, matron);
    expect(neither.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
