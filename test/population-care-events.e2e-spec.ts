import { DataSource } from 'typeorm';
import { openDatabase } from '@app/database';
import { generatePopulation, POPULATION_STAGES } from '@app/population';
import { AREA_PRACTICES_SQL, OUTCOME_MEASURES_SQL } from '@app/outcomes';
import { createTestDatabase, TestDatabase } from './support/test-database';

const PEOPLE = 6_000;
const SEED = 7;
const AS_AT = '2026-11-24';

/** The generated care events: a year of admissions, discharges, reablement, care homes and deaths, loaded quietly. */
describe('A seeded population’s care events', () => {
  let database: TestDatabase;
  let db: DataSource;
  const kinds = async () =>
    Object.fromEntries((await db.query(`SELECT kind, count(*)::int AS n FROM care_event GROUP BY kind`)).map((r: any) => [r.kind, r.n]));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, pgliteDataDir: 'memory://', poolSize: 2 });
    await generatePopulation(db, { people: PEOPLE, seed: SEED, asAt: AS_AT, batchSize: 500 });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('writes every kind of event, with emergency admissions at realistic rates by age and tier', async () => {
    const count = await kinds();
    for (const kind of ['EMERGENCY_ADMISSION', 'AE_ATTENDANCE', 'DISCHARGE', 'REABLEMENT_START', 'REABLEMENT_END', 'CARE_HOME_ADMISSION', 'DELAYED_TRANSFER', 'DEATH']) {
      expect(count[kind]).toBeGreaterThan(0);
    }
    const [rates] = await db.query(`
      SELECT avg((EXISTS (SELECT 1 FROM care_event e WHERE e.person_id = p.id AND e.kind = 'EMERGENCY_ADMISSION'))::int)
               FILTER (WHERE p.date_of_birth <= $1::date - interval '65 years') AS older,
             avg((EXISTS (SELECT 1 FROM care_event e WHERE e.person_id = p.id AND e.kind = 'EMERGENCY_ADMISSION'))::int)
               FILTER (WHERE p.date_of_birth > $1::date - interval '65 years') AS younger
      FROM person p`, [AS_AT]);
    expect(Number(rates.older)).toBeGreaterThan(0.08);
    expect(Number(rates.older)).toBeLessThan(0.3);
    expect(Number(rates.younger)).toBeLessThan(Number(rates.older));
  });

  it('keeps every event in the year before the as-at day, and nobody’s events after their death', async () => {
    const [bounds] = await db.query(`SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM care_event`);
    expect(new Date(bounds.first).getTime()).toBeGreaterThan(new Date('2025-11-20T00:00:00Z').getTime());
    expect(new Date(bounds.last).getTime()).toBeLessThan(new Date(`${AS_AT}T00:00:00Z`).getTime());
    const [{ after }] = await db.query(`
      SELECT count(*)::int AS after FROM care_event e JOIN care_event d ON d.person_id = e.person_id AND d.kind = 'DEATH'
      WHERE e.occurred_at > d.occurred_at`);
    expect(after).toBe(0);
  });

  it('loads them as history: nobody is notified and no plan is put under review by them', async () => {
    expect(Number((await db.query(`SELECT count(*) AS n FROM notification`))[0].n)).toBe(0);
    expect(Number((await db.query(`SELECT count(*) AS n FROM care_plan_review WHERE reason_note LIKE 'Started by a review trigger%'`))[0].n)).toBe(0);
  });

  it('gives every measure for a locality and the year', async () => {
    const [locality] = await db.query(`SELECT ods_code FROM organisation WHERE kind = 'LOCALITY' ORDER BY ods_code LIMIT 1`);
    const [policy] = await db.query(`SELECT id FROM stratification_policy LIMIT 1`);
    const [{ practices }] = await db.query(AREA_PRACTICES_SQL, [locality.ods_code]);
    expect(practices.length).toBeGreaterThan(0);
    const rows = await db.query(OUTCOME_MEASURES_SQL, [practices, '2025-11-24', '2026-11-23', policy.id]);
    const measures = new Set(rows.map((r: any) => r.measure));
    expect(measures.size).toBe(8);
    const admissions = rows.find((r: any) => r.measure === 'EMERGENCY_ADMISSIONS' && r.breakdown === null);
    expect(Number(admissions.numerator)).toBeGreaterThan(0);
  });

  it('runs the care events stage again alone after a reset, giving the same events', async () => {
    const before = await kinds();
    const stage = POPULATION_STAGES.filter((s) => s.name === 'care events');
    await generatePopulation(db, { people: PEOPLE, seed: SEED, asAt: AS_AT, reset: true }, { stages: stage });
    expect(await kinds()).toEqual(before);
  });
});
