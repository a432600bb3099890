import { ReplicaReads } from '@app/database';
import { OUTCOME_MEASURES_SQL } from '@app/outcomes';
import { anOrganisation, aPerson } from './support/builders';
import { aFrailtyPolicy } from './support/person-record';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const onPostgres = Boolean(process.env.DATABASE_URL);
const TRUST = 'RYV01';
const coordinator: TestUser = { sub: 'spoa-coordinator', org: TRUST, roles: ['REFERRAL_COORDINATOR'] };
const WHO_ANSWERS = `SELECT current_setting('application_name') AS name, current_setting('transaction_read_only') AS read_only`;

/** The same database, reached as a replica would be: a second pool, named apart, that refuses writes. */
function asReplica(database: Record<string, string>): Record<string, string> {
  const url = new URL(database.DATABASE_URL);
  url.searchParams.set('options', '-c default_transaction_read_only=on');
  return { DATABASE_REPLICA_URLS: url.toString() };
}

/**
 * Measures may be answered by a read replica (DATABASE_REPLICA_URLS). The "replica" here is this
 * file's own database through a read-only pool named care-coordination-replica, so the test sees
 * which pool each statement went to (pg_stat_activity) and that no write goes there.
 */
(onPostgres ? describe : describe.skip)('a read replica, by configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(asReplica);
    const trust = await t.gql(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: anOrganisation({ odsCode: TRUST, name: 'Essex community services', kind: 'NHS_TRUST' }),
    });
    expect(trust.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  it('answers read-only queries from the replica, and everything else from the primary', async () => {
    expect(await t.app.get(ReplicaReads).query(WHO_ANSWERS)).toEqual([{ name: 'care-coordination-replica', read_only: 'on' }]);
    expect(await t.dataSource.query(WHO_ANSWERS)).toEqual([{ name: 'care-coordination', read_only: 'off' }]);
  });

  it("sends a team's referral breaches to the replica, while changes and their audit go to the primary", async () => {
    const breaches = await t.gql(`query ($ods: String!) { referralBreaches(organisationOds: $ods) { teamName breaching } }`, { ods: TRUST }, coordinator);
    expect(breaches.errors).toBeUndefined();
    const replicaAsked: { query: string }[] = await t.dataSource.query(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'care-coordination-replica'`,
    );
    expect(replicaAsked.some((r) => r.query.includes('breaching'))).toBe(true);

    // A change succeeds, so it did not go near the read-only pool; nor did the reads it was decided on.
    const registered = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: aPerson() });
    expect(registered.errors).toBeUndefined();
    const replicaWork: { query: string }[] = await t.dataSource.query(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'care-coordination-replica'`,
    );
    expect(replicaWork.filter((r) => /person|audit_event/i.test(r.query))).toEqual([]);
  });

  it('sends the outcome measures for an area to the replica', async () => {
    const commissioner: TestUser = { sub: 'icb-analyst', org: TRUST, roles: ['COMMISSIONER'] };
    const measures = await t.gql(
      `query ($ods: String!) { outcomeMeasures(organisationOds: $ods, from: "2026-01-01", to: "2026-06-30") { figures { measure } } }`,
      { ods: TRUST },
      commissioner,
    );
    expect(measures.errors).toBeUndefined();
    const replicaAsked: { query: string }[] = await t.dataSource.query(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'care-coordination-replica'`,
    );
    expect(replicaAsked.some((r) => r.query.startsWith(OUTCOME_MEASURES_SQL.slice(0, 300)))).toBe(true);
  });

  it("sends a page of a practice's registered list to the replica", async () => {
    const registered = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: aPerson() });
    expect(registered.errors).toBeUndefined();
    const page = await t.gql(`query { personsAtPractice(gpPracticeOds: "F81001", first: 10) { nodes { nhsNumber } } }`);
    expect(page.errors).toBeUndefined();
    const replicaAsked: { query: string }[] = await t.dataSource.query(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'care-coordination-replica'`,
    );
    expect(replicaAsked.some((r) => r.query.includes('FROM "person" "p" WHERE "p"."gp_practice_ods" = $1'))).toBe(true);
  });

  it("sends a federation's at-risk list and its figures to the replica", async () => {
    const { policyId, retier } = await aFrailtyPolicy(t);
    const analyst: TestUser = { sub: 'federation-analyst', org: 'F81001', roles: ['POPULATION_ANALYST'] };
    const registered = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, { input: aPerson() });
    const scored = await t.gql(`mutation ($input: LoadRiskScoresInput!) { loadRiskScores(input: $input) { loaded } }`, {
      input: { scores: [{ nhsNumber: (registered.data as any).registerPerson.nhsNumber, model: 'EFI', value: 0.3, assessedOn: '2026-06-01', source: 'test' }] },
    }, analyst);
    expect(scored.errors).toBeUndefined();
    await retier();
    let answer: Awaited<ReturnType<TestApp['gql']>>;
    const replicaAsked = async (query: string, statement: string) => {
      answer = await t.gql(query, { policyId }, analyst);
      expect(answer.errors).toBeUndefined();
      const asked: { query: string }[] = await t.dataSource.query(
        `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'care-coordination-replica'`,
      );
      return asked.some((r) => r.query.includes(statement));
    };
    const figures = `query ($policyId: ID!) { atRiskSummary(organisationOds: "F81001", policyId: $policyId) { topTier } }`;
    const list = `query ($policyId: ID!) { atRiskPeople(organisationOds: "F81001", policyId: $policyId, first: 10) { nodes { nhsNumber } } }`;
    expect(await replicaAsked(figures, 'WITH counted AS')).toBe(true);
    expect(await replicaAsked(list, 'AS score_order')).toBe(true);
    // The replica cannot write, so the people on the page are checked and audited on the primary.
    const shown = (answer!.data as any).atRiskPeople.nodes.length;
    expect(shown).toBeGreaterThan(0);
    const [{ audited }] = await t.dataSource.query(
      `SELECT count(*)::int AS audited FROM audit_event WHERE user_subject = $1 AND action = 'Query.atRiskPeople'`,
      [analyst.sub],
    );
    expect(audited).toBe(shown);
  });
});

describe('without a replica', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers read-only queries from the one database', async () => {
    const [{ read_only }] = await t.app.get(ReplicaReads).query(WHO_ANSWERS);
    expect(read_only).toBe('off');
  });
});
