import { DataSource } from 'typeorm';
import { openDatabase } from '@app/database';
import { generatePopulation } from '@app/population';
import { createTestDatabase, TestDatabase } from './support/test-database';

const PEOPLE = 6_000;
const SEED = 7;

/** The generated single point of referral: team hours, and referrals in every state with their steps. */
describe('A seeded population’s referrals', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, pgliteDataDir: 'memory://', poolSize: 2 });
    await generatePopulation(db, { people: PEOPLE, seed: SEED, batchSize: 500 });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('gives the generated teams their services and hours, 7-day and weekday', async () => {
    const rows = await db.query(`
      SELECT s.service_code, count(DISTINCT s.team_id)::int AS teams, count(h.*)::int AS days
      FROM team_service s JOIN team_service_hours h USING (team_id, service_code) GROUP BY s.service_code ORDER BY 1`);
    expect(rows.map((r: any) => r.service_code)).toEqual(expect.arrayContaining(['URGENT_COMMUNITY_RESPONSE', 'REABLEMENT', 'SOCIAL_CARE_ASSESSMENT']));
    const ucr = rows.find((r: any) => r.service_code === 'URGENT_COMMUNITY_RESPONSE');
    expect(ucr.days).toBe(ucr.teams * 7);
  });

  it('writes referrals across every state, some past due and not accepted at the as-at date', async () => {
    const states = await db.query(`SELECT status, count(*)::int AS n FROM referral GROUP BY status`);
    const count = Object.fromEntries(states.map((r: any) => [r.status, r.n]));
    expect(Object.values(count).reduce((a: number, b) => a + (b as number), 0)).toBeGreaterThan(40);
    for (const status of ['TRIAGED', 'ACCEPTED', 'COMPLETED']) expect(count[status]).toBeGreaterThan(0);
    const [{ late }] = await db.query(
      `SELECT count(*)::int AS late FROM referral WHERE due_at < coalesce(accepted_at, '2025-06-30T00:00:00Z') AND triaged_at IS NOT NULL`,
    );
    expect(late).toBeGreaterThan(0);
  });

  it('records every referral’s steps, ending in the status it has', async () => {
    const [{ wrong }] = await db.query(`
      SELECT count(*)::int AS wrong FROM referral r
      WHERE r.status IS DISTINCT FROM (SELECT s.to_status FROM referral_step s WHERE s.referral_id = r.id ORDER BY s.at DESC, s.step = 'RECEIVE' LIMIT 1)`);
    expect(wrong).toBe(0);
  });

  it('holds each claimed or accepted referral by a member of its team', async () => {
    const [{ outside }] = await db.query(`
      SELECT count(*)::int AS outside FROM referral r WHERE r.held_by_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = r.team_id AND tm.professional_id = r.held_by_id)`);
    expect(outside).toBe(0);
  });
});
