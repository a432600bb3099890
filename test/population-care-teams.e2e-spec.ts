import { DataSource } from 'typeorm';
import { openDatabase } from '@app/database';
import { candidateOf, CareSystem, DEFAULT_POLICY_NAME, generatePopulation, PopulationExistsError, practiceHierarchy, syntheticPeople, topTier } from '@app/population';
import { currentPolicyToRetier, retierPolicy, SHARE_ABOVE_DRIFT } from '@app/risk';
import { createTestDatabase, TestDatabase } from './support/test-database';

const PEOPLE = 6_000;
const SEED = 5;

/**
 * The population's organisations, workforce, care teams and leads as the database holds them: the
 * generator writes straight to the database, so this needs no API (and no sign-in).
 */
describe('A seeded population with its care system, care teams and leads', () => {
  let database: TestDatabase;
  let db: DataSource;
  const one = async (sql: string, parameters: unknown[] = []) => (await db.query(sql, parameters))[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, pgliteDataDir: 'memory://', poolSize: 2 });
    const report = await generatePopulation(db, { people: PEOPLE, seed: SEED, batchSize: 500 });
    expect(report.stages.map((s) => s.name)).toEqual(['people', 'organisations', 'workforce', 'care teams and leads', 'care plans', 'risk scores and tiers', 'referrals', 'care events']);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('has every practice people are registered with as a GP practice under a PCN under a locality', async () => {
    const practices = await db.query(`
      SELECT DISTINCT p.gp_practice_ods, practice.kind AS practice, pcn.kind AS pcn, locality.kind AS locality,
             practice.path = ARRAY[locality.id, pcn.id, practice.id] AS path_right
      FROM person p
      LEFT JOIN organisation practice ON practice.ods_code = p.gp_practice_ods
      LEFT JOIN organisation pcn ON pcn.id = practice.parent_id
      LEFT JOIN organisation locality ON locality.id = pcn.parent_id AND locality.parent_id IS NULL`);
    expect(practices.length).toBe(practiceHierarchy({ people: PEOPLE, seed: SEED }).practices.length);
    for (const row of practices) {
      expect(row).toMatchObject({ practice: 'GP_PRACTICE', pcn: 'PRIMARY_CARE_NETWORK', locality: 'LOCALITY', path_right: true });
    }
    // Everyone's council is there too, under the code people carry.
    expect(await one(`SELECT count(*)::int AS n FROM person p WHERE NOT EXISTS (
      SELECT 1 FROM organisation o WHERE o.ods_code = p.residence_local_authority AND o.kind = 'LOCAL_AUTHORITY')`)).toEqual({ n: 0 });
  });

  it('has GPs at every practice and social workers employed by the council', async () => {
    expect(await one(`SELECT count(*)::int AS n FROM organisation o WHERE o.kind = 'GP_PRACTICE' AND NOT EXISTS (
      SELECT 1 FROM professional_role r JOIN professional p ON p.id = r.professional_id
      WHERE r.organisation_id = o.id AND p.profession = 'GP')`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM professional p JOIN professional_role r ON r.professional_id = p.id
      JOIN organisation o ON o.id = r.organisation_id WHERE p.profession = 'SOCIAL_WORKER' AND o.kind <> 'LOCAL_AUTHORITY'`)).toEqual({ n: 0 });
  });

  it('gives most of the top tier an active lead', async () => {
    // The top tier as the generator sees it: the people it makes for the seed, by the frailty proxy.
    const hierarchy = practiceHierarchy({ people: PEOPLE, seed: SEED });
    const people = [...syntheticPeople(hierarchy, { people: PEOPLE, seed: SEED })].map(candidateOf);
    const tier = topTier(people, new CareSystem(hierarchy, { seed: SEED })).map(({ person }) => person.id);
    expect(tier.length / PEOPLE).toBeGreaterThan(0.025);
    const { led, others } = await one(
      `SELECT count(*) FILTER (WHERE person_id = ANY($1::uuid[]))::int AS led, count(*) FILTER (WHERE person_id <> ALL($1::uuid[]))::int AS others
       FROM lead_professional WHERE ended_at IS NULL`,
      [tier],
    );
    expect(led / tier.length).toBeGreaterThan(0.75);
    expect(others).toBe(0);
  });

  it("makes every active lead an active PROFESSIONAL member of that person's care team", async () => {
    expect(await one(`SELECT count(*)::int AS n FROM lead_professional l WHERE l.ended_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM care_team_member m WHERE m.id = l.care_team_member_id AND m.person_id = l.person_id
        AND m.professional_id = l.professional_id AND m.kind = 'PROFESSIONAL' AND m.end_date IS NULL)`)).toEqual({ n: 0 });
  });

  it('never gives a person two active leads, and keeps caseloads within capacity', async () => {
    expect(await db.query(`SELECT person_id FROM lead_professional WHERE ended_at IS NULL GROUP BY person_id HAVING count(*) > 1`)).toEqual([]);
    expect(await db.query(`SELECT p.id FROM professional p JOIN lead_professional l ON l.professional_id = p.id AND l.ended_at IS NULL
      GROUP BY p.id HAVING count(*) > min(p.caseload_capacity)`)).toEqual([]);
    const { reasons } = await one(`SELECT array_agg(DISTINCT reason ORDER BY reason) AS reasons FROM lead_handover`);
    expect(reasons).toEqual(['ASSIGNED', 'NO_LONGER_CASE_MANAGED', 'STEP_DOWN', 'STEP_UP']);
  });

  it('gives most people with an active lead one current plan, led by them, with some reviews overdue and a few drafts', async () => {
    const { led, current, drafts, overdue, others } = await one(`
      SELECT (SELECT count(*) FROM lead_professional WHERE ended_at IS NULL)::int AS led,
             count(*) FILTER (WHERE status IN ('ACTIVE','UNDER_REVIEW'))::int AS current,
             count(*) FILTER (WHERE status = 'DRAFT')::int AS drafts,
             count(*) FILTER (WHERE status = 'ACTIVE' AND next_review_date < $1::date)::int AS overdue,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM lead_professional l
                                                WHERE l.person_id = c.person_id AND l.ended_at IS NULL AND l.professional_id = c.created_by_id))::int AS others
      FROM care_plan c`, ['2025-06-30']);
    expect(current / led).toBeGreaterThan(0.7);
    expect(current / led).toBeLessThan(0.9);
    expect(drafts).toBeGreaterThan(0);
    expect(overdue / current).toBeGreaterThan(0.05);
    expect(overdue / current).toBeLessThan(0.2);
    expect(others).toBe(0);
    expect(await db.query(`SELECT person_id FROM care_plan GROUP BY person_id HAVING count(*) > 1`)).toEqual([]);
    expect(await one(`SELECT count(*)::int AS n FROM care_plan_review`)).not.toEqual({ n: 0 });
  });

  it("writes each plan's last version as the plan, signed off as activation asks, with owners from the care team", async () => {
    // The plan is its last version; the actions' rows are its content's actions.
    expect(await one(`SELECT count(*)::int AS n FROM care_plan c JOIN care_plan_version v ON v.care_plan_id = c.id AND v.version = c.version
      WHERE v.content <> c.content OR v.status <> c.status OR c.content->>'nextReviewDate' IS DISTINCT FROM c.next_review_date::text`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM care_plan c WHERE
      (SELECT count(*) FROM care_plan_version v WHERE v.care_plan_id = c.id) <> c.version
      OR (SELECT count(*) FROM care_plan_action a WHERE a.care_plan_id = c.id) <> jsonb_array_length(c.content->'actions')
      OR c.is_joint <> ((SELECT count(DISTINCT sector) FROM care_plan_action a WHERE a.care_plan_id = c.id) = 2)`)).toEqual({ n: 0 });
    // Each version that became active was signed off by the lead and, for a joint plan, both sides.
    expect(await one(`SELECT count(*)::int AS n FROM care_plan c JOIN care_plan_version v ON v.care_plan_id = c.id
      JOIN care_plan_version after ON after.care_plan_id = c.id AND after.version = v.version + 1 AND after.status = 'ACTIVE'
      WHERE NOT EXISTS (SELECT 1 FROM care_plan_sign_off s WHERE s.care_plan_id = c.id AND s.plan_version = v.version AND s.as_lead
                          AND s.professional_id = c.created_by_id)
         OR (c.is_joint AND (SELECT count(DISTINCT sector) FROM care_plan_sign_off s
                             WHERE s.care_plan_id = c.id AND s.plan_version = v.version) < 2)`)).toEqual({ n: 0 });
    // Actions belong to the lead, the other side's signer, a team in the care team, or the council; responsible as the service sets it.
    expect(await one(`SELECT count(*)::int AS n FROM care_plan_action a JOIN care_plan c ON c.id = a.care_plan_id
      LEFT JOIN team t ON t.id = a.team_id
      WHERE a.responsible_organisation_id IS DISTINCT FROM coalesce(a.organisation_id, t.organisation_id)
         OR (a.team_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM care_team_member m
                                                  WHERE m.person_id = a.person_id AND m.team_id = a.team_id AND m.end_date IS NULL))
         OR (a.organisation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisation o JOIN person p ON p.id = a.person_id
                                                          WHERE o.id = a.organisation_id AND o.ods_code = p.residence_local_authority))
         OR (a.professional_id IS NOT NULL AND a.professional_id <> c.created_by_id AND NOT EXISTS (
               SELECT 1 FROM care_plan_sign_off s WHERE s.care_plan_id = c.id AND s.professional_id = a.professional_id))`)).toEqual({ n: 0 });
  });

  it('scores everyone by eFI and the Combined Predictive Model, with the care teams stage’s top tier at the top of the eFI', async () => {
    const { n: people } = await one('SELECT count(*)::int AS n FROM person');
    expect(await db.query('SELECT model_code, count(DISTINCT person_id)::int AS n FROM risk_score GROUP BY model_code ORDER BY model_code')).toEqual([
      { model_code: 'CPM', n: people },
      { model_code: 'EFI', n: people },
    ]);
    const hierarchy = practiceHierarchy({ people: PEOPLE, seed: SEED });
    const candidates = [...syntheticPeople(hierarchy, { people: PEOPLE, seed: SEED })].map(candidateOf);
    const tier = topTier(candidates, new CareSystem(hierarchy, { seed: SEED })).map(({ person }) => person.id).sort();
    const severe = await db.query(
      `SELECT person_id FROM risk_score WHERE model_code = 'EFI' AND assessed_on = '2025-06-30' AND (detail->>'deficitCount')::int >= 14
       ORDER BY person_id`,
    );
    expect(severe.map((r: { person_id: string }) => r.person_id)).toEqual(tier);
    // Frailty rises with age; some people have last year's score too.
    const { young, old, history } = await one(`
      SELECT avg(s.value) FILTER (WHERE p.date_of_birth > '1975-06-30') AS young, avg(s.value) FILTER (WHERE p.date_of_birth < '1945-06-30') AS old,
             count(*) FILTER (WHERE s.assessed_on < '2025-06-30')::int AS history
      FROM risk_score s JOIN person p ON p.id = s.person_id WHERE s.model_code = 'EFI'`);
    expect(Number(old)).toBeGreaterThan(Number(young) * 4);
    expect(history).toBeGreaterThan(people * 0.02);
  });

  it('tiers everyone by the area’s default policy, the top 2% for intensive case management, with why', async () => {
    const { n: people } = await one('SELECT count(*)::int AS n FROM person WHERE date_of_death IS NULL');
    const tiers = await db.query(`SELECT tier_code, count(*)::int AS n FROM person_tier GROUP BY tier_code, tier_rank ORDER BY tier_rank`);
    expect(tiers.map((t: { tier_code: string }) => t.tier_code)).toEqual(['INTENSIVE', 'CASE_MANAGEMENT', 'DISEASE_MANAGEMENT', 'SELF_CARE']);
    expect(tiers.reduce((sum: number, t: { n: number }) => sum + t.n, 0)).toBe(people);
    // Ties share a tier, so a band can hold a little more than its share.
    expect(tiers[0].n / people).toBeGreaterThan(0.015);
    expect(tiers[0].n / people).toBeLessThan(0.03);
    expect((tiers[0].n + tiers[1].n) / people).toBeLessThan(0.06);
    const { unexplained } = await one(`SELECT count(*) FILTER (WHERE threshold IS NULL OR score IS NULL OR percent_above IS NULL)::int AS unexplained FROM person_tier`);
    expect(unexplained).toBe(0);
    // Most of the intensive tier have a lead already (the care teams stage's top tier).
    const { led } = await one(`
      SELECT avg((l.id IS NOT NULL)::int) AS led FROM person_tier t
      LEFT JOIN lead_professional l ON l.person_id = t.person_id AND l.ended_at IS NULL WHERE t.tier_code = 'INTENSIVE'`);
    expect(Number(led)).toBeGreaterThan(0.75);
  });

  it('writes the same rows again for the same seed after a reset, and will not write a second population over them', async () => {
    // Every column but the times the database stamps on insert.
    const columns: Record<string, string> = {
      organisation: 'id, ods_code, name, kind, parent_id, path',
      professional: 'id, given_name, family_name, profession, registration_body, registration_number, caseload_capacity',
      team_member: 'id, team_id, professional_id, role, start_date',
      care_team_member: `id, person_id, kind, professional_id, organisation_id, team_id, name, relationship, contact, role_in_care,
        start_date, end_date, end_reason`,
      lead_professional: '*',
      lead_handover: '*',
      care_plan: '*',
      care_plan_version: '*',
      care_plan_action: '*',
      care_plan_sign_off: '*',
      care_plan_review: '*',
      person_tier: 'person_id AS id, policy_id, tier_code, score, percent_above, threshold',
    };
    const snapshot = () =>
      Promise.all(
        Object.entries(columns).map(([table, list]) =>
          one(`SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY t.id)) AS digest FROM (SELECT ${list} FROM ${table}) t`),
        ),
      );
    const before = await snapshot();
    expect(before.every(({ n }) => n > 0)).toBe(true);
    await expect(generatePopulation(db, { people: PEOPLE, seed: SEED })).rejects.toThrow(PopulationExistsError);
    await generatePopulation(db, { people: PEOPLE, seed: SEED, reset: true, batchSize: 700 });
    expect(await snapshot()).toEqual(before);
  });

  it('re-tiers after deaths only the people whose tier changes, until the share above someone has moved a tenth of a point', async () => {
    const policy = (await currentPolicyToRetier(db, DEFAULT_POLICY_NAME))!;
    const retier = () => db.transaction((tx) => retierPolicy(tx, policy));
    const dies = (people: number) =>
      db.query(
        `UPDATE person SET date_of_death = DATE '2025-07-01' WHERE id IN (
           SELECT pt.person_id FROM person_tier pt JOIN person p ON p.id = pt.person_id
           WHERE pt.policy_id = $1 AND p.date_of_death IS NULL ORDER BY pt.score_order, pt.person_id LIMIT $2)`,
        [policy.id, people],
      );
    // How far each stored share above is from the share the living population gives now.
    const furthestDrift = async () =>
      Number(
        (
          await one(
            `WITH latest AS (
               SELECT DISTINCT ON (s.person_id) s.person_id, s.value FROM risk_score s JOIN person p ON p.id = s.person_id
               WHERE s.model_code = 'EFI' AND p.date_of_death IS NULL ORDER BY s.person_id, s.assessed_on DESC),
             now AS (SELECT person_id, (rank() OVER (ORDER BY value DESC) - 1) * 100.0 / count(*) OVER () AS share FROM latest)
             SELECT max(abs(pt.percent_above - now.share)) AS furthest FROM person_tier pt JOIN now USING (person_id) WHERE pt.policy_id = $1`,
            [policy.id],
          )
        ).furthest,
      );
    expect(await retier()).toMatchObject({ written: 0 });

    // The highest scorer dies: everyone else's share above moves by at most 1/6,000th of the population.
    await dies(1);
    const afterOne = await retier();
    expect(afterOne.removed).toBe(1);
    expect(afterOne.written).toBe(afterOne.removed + afterOne.stepped_up + afterOne.stepped_down);
    expect(await furthestDrift()).toBeGreaterThan(0);
    expect(await furthestDrift()).toBeLessThan(SHARE_ABOVE_DRIFT);

    // Eleven more: the shares of those near the top have now moved a tenth of a point, and are written again.
    await dies(11);
    const afterTwelve = await retier();
    const moved = afterTwelve.written - afterTwelve.removed - afterTwelve.stepped_up - afterTwelve.stepped_down;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(afterTwelve.tiered);
    expect(await furthestDrift()).toBeLessThan(SHARE_ABOVE_DRIFT);
  });
});
