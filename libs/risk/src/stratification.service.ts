import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RelationshipsService } from '@app/access';
import type { User } from '@app/access';
import { refusingDuplicate, rewriteTable, rowsOf } from '@app/database';
import type { SqlRunner } from '@app/database';
import { DomainError } from '@app/errors';
import { TierBasis } from './risk-codes';
import {
  PersonTier,
  PersonTiers,
  TierChange,
  RetierResult,
  SetStratificationPolicyInput,
  StratificationPolicy,
  TierInput,
} from './stratification.types';

/** The current version of a policy with its tiers, highest first. */
const POLICY_SQL = `
  SELECT sp.id, sp.name, sp.version, v.scope_organisation_ids, v.model_code, v.basis,
         (SELECT array_agg(o.ods_code ORDER BY o.ods_code) FROM organisation o WHERE o.id = ANY (v.scope_organisation_ids)) AS scope_ods_codes,
         v.unscored_tier, v.saved_by, v.saved_at,
         (SELECT jsonb_agg(jsonb_build_object('code', t.code, 'name', t.name, 'rank', t.rank, 'topPercent', t.top_percent,
                  'categories', t.categories, 'caseManaged', t.case_managed, 'leadProfessions', t.lead_professions,
                  'leadTeamKind', t.lead_team_kind) ORDER BY t.rank)
          FROM stratification_tier t WHERE t.policy_id = sp.id AND t.version = sp.version) AS tiers
  FROM stratification_policy sp
  JOIN stratification_policy_version v ON v.policy_id = sp.id AND v.version = sp.version
  WHERE sp.id = $1`;

/**
 * How far, in percentage points, the share of the population scoring higher than someone may move
 * before their tier is written again with the new share: the explanation gives it to one decimal.
 */
export const SHARE_ABOVE_DRIFT = 0.1;

// Whether the person has a lead, and a current plan, as the statement reads them.
const hasLeadNow = (person: string) => `EXISTS (SELECT 1 FROM lead_professional l WHERE l.person_id = ${person} AND l.ended_at IS NULL)`;
const hasActivePlanNow = (person: string) =>
  `EXISTS (SELECT 1 FROM care_plan cp WHERE cp.person_id = ${person} AND cp.status IN ('ACTIVE', 'UNDER_REVIEW'))`;

// The row's flags are those the differences were worked out from: no trigger has changed them since.
const FLAGS_AS_READ = '(pt.has_lead, pt.has_active_plan) = (d.held_has_lead, d.held_has_active_plan)';

/**
 * Works out a policy's tiers for its whole population in one statement, and what differs from the
 * tiers held. The population is everyone alive who is registered at a practice under the scope
 * organisations; each person's latest score from the model is ranked, highest first, and
 * `percent_above` is the share of the scored population scoring strictly higher, so people with the
 * same score share a place and a tier (ties at a boundary all go up). A PERCENTILE tier holds those
 * whose percent_above is below its topPercent and at or above the tier above's; a CATEGORY tier, the
 * categories it names. People with no score get the policy's unscored tier, or none. The new tiers
 * are compared with the old in one join; the differences go into retier_diff (created just before,
 * see retierPolicy) for writing, and a change row is written for each change of tier with its
 * direction.
 *
 * A tier names the policy version that last placed the person: a new version whose tier reads the
 * same (name, rank, rule, lead rules) and places them alike leaves the row alone, so that saving a
 * version changes only the rows it changes (a million unchanged rows would cost a rewrite each).
 * Likewise the share above is written again only once it has moved SHARE_ABOVE_DRIFT points: one
 * death or registration moves everyone's share a little, and rewriting each would make every
 * day's pass a rewrite of the whole population. Whether the person has a lead and a current plan
 * is written with a new tier and put right here if it has drifted (the triggers keep it otherwise).
 * $1 policy, $2 version, $3 model, $4 scope organisations, $5 unscored tier.
 */
export const retierSql = (basis: TierBasis) => `
  WITH tiers AS MATERIALIZED (
    SELECT t.code, t.rank, t.top_percent, t.categories, row_number() OVER (ORDER BY t.rank) - 1 AS band,
           CASE WHEN t.top_percent IS NOT NULL THEN 'top ' || trim_scale(t.top_percent) || '%'
                WHEN t.categories IS NOT NULL THEN 'category ' || array_to_string(t.categories, ' or ')
                ELSE 'everyone else' END AS threshold
    FROM stratification_tier t WHERE t.policy_id = $1 AND t.version = $2
  ),
  -- each earlier version's tiers that read the same as this version's
  same_as_held AS MATERIALIZED (
    SELECT held.version, held.code FROM stratification_tier held
    JOIN stratification_tier now ON now.policy_id = $1 AND now.version = $2 AND now.code = held.code
    WHERE held.policy_id = $1
      AND (held.name, held.rank, held.case_managed, held.lead_professions, held.lead_team_kind)
          IS NOT DISTINCT FROM (now.name, now.rank, now.case_managed, now.lead_professions, now.lead_team_kind)
  ),
  population AS MATERIALIZED (
    SELECT p.id AS person_id, p.gp_practice_ods FROM person p
    WHERE p.date_of_death IS NULL AND p.gp_practice_ods IN (
      SELECT d.ods_code FROM organisation d WHERE d.path && $4::uuid[] AND d.ods_code IS NOT NULL)
  ),
  -- everyone's latest score, if any: the model's scores in index order (no sort), then the population
  latest AS MATERIALIZED (
    SELECT u.person_id, u.gp_practice_ods, l.value, l.category, l.assessed_on FROM population u LEFT JOIN (
      SELECT DISTINCT ON (s.person_id) s.person_id, s.value, s.category, s.assessed_on
      FROM risk_score s WHERE s.model_code = $3
      ORDER BY s.person_id, s.assessed_on DESC) l USING (person_id)
  ),
  ranked AS MATERIALIZED (
    SELECT l.*, (rank() OVER (ORDER BY l.value DESC) - 1) * 100.0 / (SELECT count(*) FROM latest WHERE value IS NOT NULL) AS percent_above
    FROM latest l WHERE l.value IS NOT NULL
  ),
  placed AS MATERIALIZED (
    SELECT r.person_id, r.gp_practice_ods, r.value, r.category, r.assessed_on, r.percent_above, t.code, t.rank, t.threshold
    FROM ranked r JOIN ${
      basis === TierBasis.PERCENTILE
        ? // the band is how many tiers' topPercent the share above reaches: an equality, so a hash join
          `tiers t ON t.band = width_bucket(r.percent_above,
             (SELECT coalesce(array_agg(top_percent ORDER BY rank), '{}') FROM tiers WHERE top_percent IS NOT NULL))`
        : '(SELECT tiers.*, unnest(categories) AS category FROM tiers) t ON t.category = r.category'
    }
    UNION ALL
    SELECT u.person_id, u.gp_practice_ods, NULL, NULL, NULL, NULL, t.code, t.rank, 'no ' || $3 || ' score'
    FROM latest u JOIN tiers t ON t.code = $5
    WHERE u.value IS NULL
  ),
  care AS MATERIALIZED (
    SELECT person_id, bool_or(lead) AS has_lead, bool_or(NOT lead) AS has_active_plan FROM (
      SELECT l.person_id, true AS lead FROM lead_professional l WHERE l.ended_at IS NULL
      UNION ALL
      SELECT cp.person_id, false FROM care_plan cp WHERE cp.status IN ('ACTIVE', 'UNDER_REVIEW')) c
    GROUP BY person_id
  ),
  before AS MATERIALIZED (
    SELECT person_id, tier_code, tier_rank, policy_version, model_code, score, assessed_on, percent_above, threshold,
           has_lead, has_active_plan
    FROM person_tier WHERE policy_id = $1
  ),
  -- the new tiers beside the old, in one join: placed and not held (new), held and not placed (gone), or both
  compared AS (
    SELECT person_id, n.gp_practice_ods, n.value, n.category, n.assessed_on, n.percent_above, n.code, n.rank, n.threshold,
           b.person_id IS NULL AS is_new, n.person_id IS NULL AS is_gone, b.tier_code AS from_tier, b.tier_rank AS from_rank,
           coalesce(c.has_lead, false) AS has_lead, coalesce(c.has_active_plan, false) AS has_active_plan,
           b.has_lead AS held_has_lead, b.has_active_plan AS held_has_active_plan,
           n.person_id IS NOT NULL AND (b.person_id IS NULL OR b.tier_code <> n.code
             OR (b.model_code, b.score, b.assessed_on, b.threshold) IS DISTINCT FROM ($3, n.value, n.assessed_on, n.threshold)
             -- the share above has moved far enough, or one of the two is unscored (no share) and the other not
             OR coalesce(abs(b.percent_above - n.percent_above) >= ${SHARE_ABOVE_DRIFT}, (b.percent_above IS NULL) <> (n.percent_above IS NULL))
             OR h.code IS NULL) AS retiered,
           n.person_id IS NOT NULL
             AND (b.has_lead, b.has_active_plan) IS DISTINCT FROM (coalesce(c.has_lead, false), coalesce(c.has_active_plan, false)) AS care_drifted
    FROM placed n FULL JOIN before b USING (person_id) LEFT JOIN care c USING (person_id)
    LEFT JOIN same_as_held h ON h.version = b.policy_version AND h.code = b.tier_code
  ),
  diff AS MATERIALIZED (
    SELECT * FROM compared WHERE retiered OR care_drifted OR is_gone
  ),
  differing AS (
    INSERT INTO retier_diff SELECT person_id, gp_practice_ods, value, category, assessed_on, percent_above, code, rank, threshold,
      is_new, is_gone, from_tier, from_rank, has_lead, has_active_plan, held_has_lead, held_has_active_plan, retiered, care_drifted
    FROM diff
    RETURNING 1
  ),
  changes AS (
    INSERT INTO person_tier_change (policy_id, person_id, policy_version, from_tier, to_tier, direction, score, changed_at)
    SELECT $1, d.person_id, $2, d.from_tier, d.code,
           CASE WHEN d.is_gone THEN 'REMOVED' WHEN d.is_new THEN 'FIRST' WHEN d.rank < d.from_rank THEN 'UP' ELSE 'DOWN' END, d.value, now()
    FROM diff d WHERE d.from_tier IS DISTINCT FROM d.code
    RETURNING direction
  )
  SELECT (SELECT count(*) FROM placed)::int AS tiered,
         (SELECT count(*) FROM placed WHERE value IS NULL)::int AS unscored,
         (SELECT count(*) FROM before)::int AS held,
         (SELECT count(*) FROM differing)::int AS written,
         count(*) FILTER (WHERE direction = 'FIRST')::int AS first,
         count(*) FILTER (WHERE direction = 'UP')::int AS stepped_up,
         count(*) FILTER (WHERE direction = 'DOWN')::int AS stepped_down,
         count(*) FILTER (WHERE direction = 'REMOVED')::int AS removed
  FROM changes`;

/** The tiers' differences, from the statement that works them out to the one that writes them. */
const RETIER_DIFF_SQL = `
  CREATE TEMP TABLE retier_diff (
    person_id uuid, gp_practice_ods text, value numeric, category text, assessed_on date, percent_above numeric,
    code text, rank int, threshold text, is_new boolean, is_gone boolean, from_tier text, from_rank int,
    has_lead boolean, has_active_plan boolean, held_has_lead boolean, held_has_active_plan boolean,
    retiered boolean, care_drifted boolean
  ) ON COMMIT DROP`;

/**
 * Writes the differences row by row: updates, inserts, and deletes of those who left. A lead or
 * plan flag that a trigger changed after the differences were worked out is the newer and stays
 * (under READ COMMITTED an update reads the row as last committed); a new row's flags are read
 * again as it is written. $1 policy, $2 version, $3 model.
 */
const WRITE_DIFFERENCES_SQL = `
  WITH updated AS (
    UPDATE person_tier pt SET policy_version = $2, tier_code = d.code, tier_rank = d.rank, model_code = $3, score = d.value,
      category = d.category, assessed_on = d.assessed_on, percent_above = d.percent_above, threshold = d.threshold, assigned_at = now(),
      has_lead = CASE WHEN ${FLAGS_AS_READ} THEN d.has_lead ELSE pt.has_lead END,
      has_active_plan = CASE WHEN ${FLAGS_AS_READ} THEN d.has_active_plan ELSE pt.has_active_plan END
    FROM retier_diff d WHERE d.retiered AND NOT d.is_new AND pt.person_id = d.person_id AND pt.policy_id = $1
    RETURNING 1
  ),
  cared AS (
    UPDATE person_tier pt SET has_lead = d.has_lead, has_active_plan = d.has_active_plan
    FROM retier_diff d WHERE d.care_drifted AND NOT d.retiered AND pt.person_id = d.person_id AND pt.policy_id = $1 AND ${FLAGS_AS_READ}
    RETURNING 1
  ),
  inserted AS (
    INSERT INTO person_tier (policy_id, person_id, policy_version, tier_code, tier_rank, model_code, score, category,
                             assessed_on, percent_above, threshold, assigned_at, gp_practice_ods, has_lead, has_active_plan)
    SELECT $1, d.person_id, $2, d.code, d.rank, $3, d.value, d.category, d.assessed_on, d.percent_above, d.threshold, now(),
           d.gp_practice_ods, ${hasLeadNow('d.person_id')}, ${hasActivePlanNow('d.person_id')}
    FROM retier_diff d WHERE d.is_new
    RETURNING 1
  ),
  removed AS (
    DELETE FROM person_tier pt USING retier_diff d WHERE d.is_gone AND pt.person_id = d.person_id AND pt.policy_id = $1
    RETURNING 1
  )
  SELECT ((SELECT count(*) FROM updated) + (SELECT count(*) FROM cared) + (SELECT count(*) FROM inserted)
          + (SELECT count(*) FROM removed))::int AS written`;

/**
 * The rewritten table's rows: everyone else's tiers and this policy's unchanged ones as held (with
 * the lead and plan flags put right where they had drifted), and the new and changed ones.
 * $1 policy, $2 version, $3 model.
 */
const fillRewrittenTiers = (copy: string) => `
  INSERT INTO ${copy} (policy_id, person_id, policy_version, tier_code, tier_rank, model_code, score, category, assessed_on,
                       percent_above, threshold, assigned_at, gp_practice_ods, has_lead, has_active_plan)
  SELECT pt.policy_id, pt.person_id, pt.policy_version, pt.tier_code, pt.tier_rank, pt.model_code, pt.score, pt.category,
         pt.assessed_on, pt.percent_above, pt.threshold, pt.assigned_at, pt.gp_practice_ods,
         coalesce(d.has_lead, pt.has_lead), coalesce(d.has_active_plan, pt.has_active_plan)
  FROM person_tier pt LEFT JOIN retier_diff d ON pt.policy_id = $1 AND d.person_id = pt.person_id
  WHERE NOT coalesce(d.retiered OR d.is_gone, false)
  UNION ALL
  SELECT $1, d.person_id, $2, d.code, d.rank, $3, d.value, d.category, d.assessed_on, d.percent_above, d.threshold, now(),
         d.gp_practice_ods, d.has_lead, d.has_active_plan
  FROM retier_diff d WHERE d.retiered`;

/**
 * Under the table's lock, what the triggers that keep each tier's practice and lead and plan flags
 * changed after the pass began, put into the copy: they wrote the old table. Those tiers are the
 * rows last written by a transaction no older than the oldest one running when the pass began ($1,
 * a 64-bit transaction id from txid_snapshot_xmin), compared by age as PostgreSQL compares 32-bit
 * ids (ids 0 to 2 are special, so 3 follows a wrap): a scan rather than a join of everyone. New tiers had no row for a trigger to write, so theirs
 * are read again. $1 as above, $2 policy.
 */
const settleRewrittenTiers = (copy: string) => `
  UPDATE ${copy} pt SET gp_practice_ods = latest.gp_practice_ods, has_lead = latest.has_lead, has_active_plan = latest.has_active_plan
  FROM (
    SELECT held.person_id, held.policy_id, held.gp_practice_ods, held.has_lead, held.has_active_plan FROM person_tier held
    WHERE age(held.xmin) <= age(greatest($1::bigint % 4294967296, 3)::text::xid)
    UNION ALL
    SELECT d.person_id, $2, p.gp_practice_ods, ${hasLeadNow('d.person_id')}, ${hasActivePlanNow('d.person_id')}
    FROM retier_diff d JOIN person p ON p.id = d.person_id WHERE d.is_new
  ) latest
  WHERE latest.person_id = pt.person_id AND latest.policy_id = pt.policy_id
    AND (pt.gp_practice_ods, pt.has_lead, pt.has_active_plan) IS DISTINCT FROM (latest.gp_practice_ods, latest.has_lead, latest.has_active_plan)`;

/**
 * The share of person_tier's rows a pass must write for it to rewrite the table instead: writing
 * row by row costs about 15 µs a row on the benchmark machine (two index inserts each), a rewrite
 * about 6 µs for every row in the table.
 */
export const REWRITE_SHARE = 0.4;

/** What re-tiering needs of a policy's current version. */
export interface PolicyToRetier {
  id: string;
  version: number;
  model: string;
  basis: TierBasis;
  scopeOrganisationIds: string[];
  unscoredTier: string | null;
}

export interface RetierCounts {
  held: number;
  tiered: number;
  unscored: number;
  written: number;
  first: number;
  stepped_up: number;
  stepped_down: number;
  removed: number;
}


/** The named policy at its current version, as re-tiering takes it; undefined if there is none. */
export async function currentPolicyToRetier(db: SqlRunner, name: string): Promise<PolicyToRetier | undefined> {
  const [policy] = rowsOf(
    await db.query(
      `SELECT sp.id, sp.version, v.model_code AS model, v.basis, v.scope_organisation_ids AS "scopeOrganisationIds",
              v.unscored_tier AS "unscoredTier"
       FROM stratification_policy sp JOIN stratification_policy_version v ON v.policy_id = sp.id AND v.version = sp.version
       WHERE sp.name = $1`,
      [name],
    ),
  );
  return policy;
}

/**
 * Re-tiers inside the caller's transaction. Re-tierings take turns: on the policy's row, and on
 * person_tier (SHARE UPDATE EXCLUSIVE, which readers and the triggers' writes pass), since a pass
 * that rewrites the table copies every policy's tiers. The statement gets room to sort a million
 * rows in memory and runs without JIT: the CTEs' estimates run to billions of rows, so PostgreSQL
 * compiled some 200 functions for 1.2 s on a million people, for work that is sorting and writing.
 * The differences are then written row by row, or, when they are REWRITE_SHARE of the table or
 * more, by rewriting the table (see rewriteTable), which falls back to rows if it cannot.
 */
export async function retierPolicy(tx: SqlRunner, policy: PolicyToRetier): Promise<RetierCounts> {
  await tx.query('SELECT 1 FROM stratification_policy WHERE id = $1 FOR UPDATE', [policy.id]);
  await tx.query('LOCK TABLE person_tier IN SHARE UPDATE EXCLUSIVE MODE');
  await tx.query(`SET LOCAL work_mem = '256MB'`);
  await tx.query('SET LOCAL jit = off');
  const [{ began }] = rowsOf(await tx.query('SELECT txid_snapshot_xmin(txid_current_snapshot())::text AS began'));
  await tx.query('DROP TABLE IF EXISTS pg_temp.retier_diff');
  await tx.query(RETIER_DIFF_SQL);
  const [counts] = rowsOf(
    await tx.query(retierSql(policy.basis), [policy.id, policy.version, policy.model, policy.scopeOrganisationIds, policy.unscoredTier]),
  );
  const writing = [policy.id, policy.version, policy.model];
  // the table's rows as last counted (by ANALYZE), or this policy's if more
  const [{ rows }] = rowsOf(
    await tx.query(`SELECT greatest(reltuples, $1)::float8 AS rows FROM pg_class WHERE oid = 'person_tier'::regclass`, [counts.held]),
  );
  const rewritten =
    counts.written > 0 &&
    counts.written >= REWRITE_SHARE * rows &&
    (await rewriteTable(tx, 'person_tier', {
      fill: async (copy) => void (await tx.query(fillRewrittenTiers(copy), writing)),
      settle: async (copy) => void (await tx.query(settleRewrittenTiers(copy), [began, policy.id])),
    }));
  if (!rewritten) counts.written = rowsOf(await tx.query(WRITE_DIFFERENCES_SQL, writing))[0].written;
  return counts;
}

const PERSON_TIERS_SQL = `
  SELECT pt.person_id, pt.policy_id, sp.name AS policy_name, pt.policy_version, pt.tier_code, t.name AS tier_name, pt.tier_rank,
         t.case_managed, pt.model_code, pt.score::float8 AS score, pt.category, pt.assessed_on::text AS assessed_on,
         pt.percent_above::float8 AS percent_above, pt.threshold, pt.assigned_at
  FROM person_tier pt
  JOIN stratification_policy sp ON sp.id = pt.policy_id
  JOIN stratification_tier t ON t.policy_id = pt.policy_id AND t.version = pt.policy_version AND t.code = pt.tier_code
  WHERE pt.person_id = $1
  ORDER BY pt.tier_rank, sp.name`;

export interface TierRow {
  person_id: string;
  policy_id: string;
  policy_name: string;
  policy_version: number;
  tier_code: string;
  tier_name: string;
  tier_rank: number;
  case_managed: boolean;
  model_code: string;
  score: number | null;
  category: string | null;
  assessed_on: string | null;
  percent_above: number | null;
  threshold: string;
  assigned_at: Date;
}

/** "EFI 0.47 (SEVERE) on 2025-06-01: 1.2% of the population score higher; top 2% makes Intensive case management (policy v3)". */
export function explain(r: Omit<TierRow, 'person_id' | 'case_managed' | 'assigned_at'>): string {
  const version = `${r.policy_name} v${r.policy_version}`;
  if (r.score === null) return `No ${r.model_code} score: ${r.tier_name} (${r.threshold}, ${version})`;
  const category = r.category ? ` (${r.category})` : '';
  const above = r.percent_above === null ? '' : `, ${Number(r.percent_above).toFixed(1)}% of the population score higher`;
  return `${r.model_code} ${Number(r.score)}${category} on ${r.assessed_on}${above}: ${r.threshold} makes ${r.tier_name} (${version})`;
}

export const toPersonTier = (r: TierRow): PersonTier =>
  Object.assign(new PersonTier(), {
  personId: r.person_id,
  policyId: r.policy_id,
  policyName: r.policy_name,
  policyVersion: r.policy_version,
  tier: r.tier_code,
  tierName: r.tier_name,
  tierRank: r.tier_rank,
  caseManaged: r.case_managed,
  model: r.model_code as PersonTier['model'],
  score: r.score === null ? null : Number(r.score),
  category: r.category,
  assessedOn: r.assessed_on,
  percentAbove: r.percent_above === null ? null : Number(r.percent_above),
  threshold: r.threshold,
  explanation: explain(r),
  assignedAt: r.assigned_at,
  });

/** Versioned stratification policies, re-tiering, and each person's tiers and their history. */
@Injectable()
export class StratificationService {
  constructor(
    private readonly db: DataSource,
    private readonly relationships: RelationshipsService,
  ) {}

  /** Saves a new policy, or a new version of one (the tiers people hold keep naming the version that gave them). */
  async setPolicy(input: SetStratificationPolicyInput, user: User): Promise<StratificationPolicy> {
    if (!(await this.covers(user, input.scopeOdsCodes))) {
      throw new DomainError('NOT_AUTHORISED', `Not all of ${input.scopeOdsCodes.join(', ')} are your organisation or under it`);
    }
    await this.checkTiers(input);
    const id = await refusingDuplicate(
      'stratification_policy_name_key',
      () =>
        this.db.transaction(async (tx) => {
          const scope: { id: string; ods_code: string }[] = await tx.query(
            'SELECT id, ods_code FROM organisation WHERE ods_code = ANY ($1::text[])',
            [input.scopeOdsCodes],
          );
          const unknown = input.scopeOdsCodes.filter((code) => !scope.some((o) => o.ods_code === code));
          if (unknown.length > 0) {
            throw new DomainError('ORGANISATION_NOT_FOUND', `No organisation has ODS code ${unknown.join(', ')}`, {
              fields: unknown.map((code) => ({ field: 'scopeOdsCodes', message: `${code} is unknown` })),
            });
          }
          let policyId = input.policyId;
          let version = 1;
          if (policyId) {
            const [current] = await tx.query('SELECT version FROM stratification_policy WHERE id = $1 FOR UPDATE', [policyId]);
            if (!current) throw policyNotFound(policyId);
            if (current.version !== input.expectedVersion) {
              throw new DomainError('VERSION_CONFLICT', `The policy is at version ${current.version}, not ${input.expectedVersion}`, {
                currentVersion: current.version,
              });
            }
            version = current.version + 1;
            await tx.query('UPDATE stratification_policy SET name = $2, version = $3, updated_at = now() WHERE id = $1', [
              policyId,
              input.name,
              version,
            ]);
          } else {
            [{ id: policyId }] = await tx.query('INSERT INTO stratification_policy (name, version) VALUES ($1, 1) RETURNING id', [
              input.name,
            ]);
          }
          await tx.query(
            `INSERT INTO stratification_policy_version (policy_id, version, scope_organisation_ids, model_code, basis, unscored_tier, saved_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [policyId, version, scope.map((o) => o.id), input.model, input.basis, input.unscoredTier ?? null, user.subject],
          );
          await tx.query(
            `INSERT INTO stratification_tier (policy_id, version, code, name, rank, top_percent, categories, case_managed,
                                              lead_professions, lead_team_kind)
             SELECT $1, $2, t.code, t.name, t.rank, t.top_percent, t.categories::text[], t.case_managed, t.lead_professions::text[], t.lead_team_kind
             FROM jsonb_to_recordset($3::jsonb) AS t (code text, name text, rank int, top_percent numeric, categories text[],
                                                      case_managed boolean, lead_professions text[], lead_team_kind text)`,
            [policyId, version, JSON.stringify(tierRows(input))],
          );
          return policyId!;
        }),
      async () =>
        new DomainError('DUPLICATE', `Another policy is called ${input.name}`, {
          fields: [{ field: 'name', message: 'taken by another policy' }],
        }),
    );
    return this.policy(id);
  }

  async policy(id: string): Promise<StratificationPolicy> {
    const [row] = await this.db.query(POLICY_SQL, [id]);
    if (!row) throw policyNotFound(id);
    return {
      id: row.id,
      name: row.name,
      version: row.version,
      scopeOdsCodes: row.scope_ods_codes,
      scopeOrganisationIds: row.scope_organisation_ids,
      model: row.model_code,
      basis: row.basis,
      unscoredTier: row.unscored_tier,
      tiers: row.tiers.map((t: any) => ({ ...t, topPercent: t.topPercent === null ? null : Number(t.topPercent) })),
      savedBy: row.saved_by,
      savedAt: row.saved_at,
    };
  }

  /** The policies whose population is under (or is) the user's organisation, by name. */
  async policiesFor(user: User): Promise<StratificationPolicy[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM stratification_policy ORDER BY name');
    const policies = await Promise.all(rows.map((r) => this.policy(r.id)));
    const covered = await Promise.all(policies.map((p) => this.covers(user, p.scopeOdsCodes)));
    return policies.filter((_, i) => covered[i]);
  }

  /** Re-tiers the policy's whole population in one set-based pass; re-tierings of one policy take turns. */
  async retier(policyId: string, user: User): Promise<RetierResult> {
    const policy = await this.policyTheUserCovers(policyId, user);
    const started = performance.now();
    const counts = await this.db.transaction((tx: EntityManager) => retierPolicy(tx, policy));
    return {
      policyVersion: policy.version,
      tiered: counts.tiered,
      written: counts.written,
      unscored: counts.unscored,
      first: counts.first,
      steppedUp: counts.stepped_up,
      steppedDown: counts.stepped_down,
      removed: counts.removed,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  }

  /** The policy, if its population is the user's organisation or under it. */
  async policyTheUserCovers(policyId: string, user: User): Promise<StratificationPolicy> {
    const policy = await this.policy(policyId);
    if (!(await this.covers(user, policy.scopeOdsCodes))) {
      throw new DomainError('NOT_AUTHORISED', `The policy covers ${policy.scopeOdsCodes.join(', ')}: not all are your organisation or under it`);
    }
    return policy;
  }

  /** Whether every one of the organisations is the user's own or under it. */
  private async covers(user: User, odsCodes: string[]): Promise<boolean> {
    const covered = await Promise.all(odsCodes.map((code) => this.relationships.coversOrganisation(user, code)));
    return covered.every(Boolean);
  }

  /** The person's tier under each policy, with why, and every change of tier, newest first. */
  async tiersOf(nhsNumber: string): Promise<PersonTiers> {
    const [person] = await this.db.query('SELECT id FROM person WHERE nhs_number = $1', [nhsNumber]);
    if (!person) throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    const [current, changes] = await Promise.all([
      this.db.query(PERSON_TIERS_SQL, [person.id]),
      this.db.query(
        `SELECT person_id, policy_id, policy_version, from_tier, to_tier, direction, score::float8 AS score, changed_at
         FROM person_tier_change WHERE person_id = $1 ORDER BY changed_at DESC, id`,
        [person.id],
      ),
    ]);
    return {
      current: current.map(toPersonTier),
      changes: changes.map((c: any) =>
        Object.assign(new TierChange(), {
        personId: c.person_id,
        policyId: c.policy_id,
        policyVersion: c.policy_version,
        fromTier: c.from_tier,
        toTier: c.to_tier,
        direction: c.direction,
        score: c.score,
        changedAt: c.changed_at,
      })),
    };
  }

  /**
   * The tiers must make a whole stratification: codes once each; for PERCENTILE, every tier but the
   * last with a rising topPercent and the last with none; for CATEGORY, each of the model's
   * categories in exactly one tier; the unscored tier one of them; lead rules only with professions.
   */
  private async checkTiers(input: SetStratificationPolicyInput): Promise<void> {
    const problems: { field: string; message: string }[] = [];
    const { tiers } = input;
    const codes = tiers.map((t) => t.code);
    codes.forEach((code, i) => codes.indexOf(code) !== i && problems.push({ field: `tiers.${i}.code`, message: `${code} is used twice` }));
    if (input.basis === TierBasis.PERCENTILE) {
      tiers.forEach((t, i) => {
        const last = i === tiers.length - 1;
        if (t.categories != null) problems.push({ field: `tiers.${i}.categories`, message: 'a PERCENTILE policy places by topPercent' });
        if (last && t.topPercent != null) {
          problems.push({ field: `tiers.${i}.topPercent`, message: 'the last tier is everyone else: leave topPercent out' });
        }
        if (!last && t.topPercent == null) problems.push({ field: `tiers.${i}.topPercent`, message: 'every tier but the last needs topPercent' });
        const previous = tiers[i - 1]?.topPercent;
        if (!last && t.topPercent != null && previous != null && t.topPercent <= previous) {
          problems.push({ field: `tiers.${i}.topPercent`, message: `must be above the tier above's ${previous}` });
        }
      });
    } else {
      const rows: { code: string }[] = await this.db.query('SELECT code FROM risk_model_category WHERE model_code = $1', [input.model]);
      const known = rows.map((r) => r.code);
      if (known.length === 0) problems.push({ field: 'basis', message: `${input.model} has no categories: use PERCENTILE` });
      const placed = tiers.flatMap((t) => t.categories ?? []);
      tiers.forEach((t, i) => {
        if (t.topPercent != null) problems.push({ field: `tiers.${i}.topPercent`, message: 'a CATEGORY policy places by categories' });
        if (!t.categories?.length) problems.push({ field: `tiers.${i}.categories`, message: 'name the categories the tier holds' });
        for (const c of t.categories ?? []) if (!known.includes(c)) problems.push({ field: `tiers.${i}.categories`, message: `${input.model} has no category ${c}` });
      });
      for (const c of known) {
        const times = placed.filter((p) => p === c).length;
        if (known.length && times !== 1) problems.push({ field: 'tiers', message: `category ${c} must be in exactly one tier, not ${times}` });
      }
    }
    if (input.unscoredTier && !codes.includes(input.unscoredTier)) {
      problems.push({ field: 'unscoredTier', message: `${input.unscoredTier} is not one of the tiers` });
    }
    tiers.forEach((t: TierInput, i) => {
      if (t.leadTeamKind && t.leadProfessions.length === 0) {
        problems.push({ field: `tiers.${i}.leadTeamKind`, message: 'say which professions lead through the team' });
      }
      if (t.caseManaged && t.leadProfessions.length === 0) {
        problems.push({ field: `tiers.${i}.leadProfessions`, message: 'a case-managed tier says who should lead' });
      }
    });
    if (problems.length > 0) {
      throw new DomainError('POLICY_INVALID', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
    }
  }
}

const tierRows = (input: SetStratificationPolicyInput) =>
  input.tiers.map((t, i) => ({
    code: t.code,
    name: t.name,
    rank: i + 1,
    top_percent: t.topPercent ?? null,
    categories: t.categories ?? null,
    case_managed: t.caseManaged,
    lead_professions: t.leadProfessions,
    lead_team_kind: t.leadTeamKind ?? null,
  }));

export const policyNotFound = (id: string) => new DomainError('POLICY_NOT_FOUND', `No stratification policy has id ${id}`, { policyId: id });
