import { Profession } from '@app/organisations';
import { categoryOf, retierPolicy, TierBasis } from '@app/risk';
import { candidatesBornBefore, readCandidates } from './care-teams.stage';
import { countGenerated, GENERATED_IDS, generatedId } from './generated-ids';
import { inOneTransaction } from '@app/database';
import { PopulationStage, unnestInsert, writeInBatches } from './population-stage';
import { createPrng } from './prng';
import { frailty, TOP_TIER_SCORE } from './synthetic-care-teams';
import { SYNTHETIC_NHS_NUMBERS } from './synthetic-nhs-numbers';
import { workforceOf } from './workforce-of';

/**
 * The eFI counts 36 deficits. The top tier of the care teams stage (frailty proxy 3 or more) all
 * score 14 or more (0.39, severe frailty) and everyone else 13 or fewer, so that the top of the
 * eFI ranking is the people the care teams stage gave teams and leads.
 */
export const EFI_DEFICITS = 36;
const TOP_TIER_FROM = 14;

/** Deficits of a candidate (75 and over, or flagged) from their frailty proxy, with some spread. */
export function candidateDeficits(score: number, spread: number): number {
  return score >= TOP_TIER_SCORE
    ? Math.min(33, TOP_TIER_FROM + 2 * (score - TOP_TIER_SCORE) + spread)
    : Math.min(TOP_TIER_FROM - 1, 4 + 3 * score + spread);
}

interface CandidateScore {
  personId: string;
  deficits: number;
}

const insertCandidateScores = (asAt: string) =>
  unnestInsert<CandidateScore>('risk_score', [
    { name: 'person_id', type: 'uuid', value: (s) => s.personId },
    { name: 'model_code', type: 'text', value: () => 'EFI' },
    { name: 'value', type: 'numeric', value: (s) => Math.round((s.deficits / EFI_DEFICITS) * 10_000) / 10_000 },
    { name: 'assessed_on', type: 'date', value: () => asAt },
    { name: 'source', type: 'text', value: () => 'SystmOne eFI extract (synthetic)' },
    { name: 'detail', type: 'jsonb', value: (s) => JSON.stringify({ deficitCount: s.deficits }) },
    { name: 'loaded_by', type: 'text', value: () => 'population generator' },
  ]);

/** A repeatable number in [0, 1) for a person and a purpose, computed by the database. */
const uniform = (purpose: string) => `((hashtext(p.id::text || '${purpose}' || $3) & 2147483647)::float8 / 2147483648)`;
const OURS = `person_id IN (SELECT id FROM person WHERE nhs_number BETWEEN $1 AND $2)`;

/**
 * Everyone else's eFI, set-based in the database: deficits rise with age (under 50: 0 to 2; 50 to
 * 64: 0 to 5; 65 and over: 2 to 10), all below the top tier. $1-$2 the generated NHS numbers, $3
 * the seed, $4 candidates are born before, $5 the as-at date.
 */
const OTHERS_EFI = `
  INSERT INTO risk_score (person_id, model_code, value, category, assessed_on, source, detail, loaded_by)
  SELECT p.id, 'EFI', round(d.deficits / ${EFI_DEFICITS}.0, 4), ${categoryOf("'EFI'", `round(d.deficits / ${EFI_DEFICITS}.0, 4)`)}, $5::date, 'SystmOne eFI extract (synthetic)',
         jsonb_build_object('deficitCount', d.deficits), 'population generator'
  FROM person p
  CROSS JOIN LATERAL (SELECT CASE
    WHEN p.date_of_birth > $5::date - interval '50 years' THEN floor(${uniform('efi')} * 3)
    WHEN p.date_of_birth > $5::date - interval '65 years' THEN floor(${uniform('efi')} * 6)
    ELSE 2 + floor(${uniform('efi')} * 9) END::int AS deficits) d
  WHERE p.nhs_number BETWEEN $1 AND $2 AND cardinality(p.flags) = 0 AND p.date_of_birth >= $4::date`;

/** Categories of the candidates' and last year's eFI rows, from the model's categories (as the service does on load). */
const CATEGORISE = `
  UPDATE risk_score s SET category = (
    SELECT c.code FROM risk_model_category c WHERE c.model_code = s.model_code AND (c.above IS NULL OR s.value > c.above)
    ORDER BY c.above DESC NULLS LAST LIMIT 1)
  WHERE s.category IS NULL AND s.model_code = 'EFI'`;

/**
 * A Combined Predictive Model score for everyone, a month before the eFI: the chance of an
 * emergency admission rises with frailty, with noise. And for a quarter of those with 5 deficits or
 * more, the eFI of a year before, a little lower: history to look back on.
 */
const CPM_AND_HISTORY = [
  `INSERT INTO risk_score (person_id, model_code, value, assessed_on, source, detail, loaded_by)
   SELECT p.id, 'CPM', round(least(0.95, 0.01 + s.value * 1.1 + ${uniform('cpm')} * 0.08)::numeric, 3), $4::date - 30,
          'Combined Predictive Model (synthetic)', '{}', 'population generator'
   FROM risk_score s JOIN person p ON p.id = s.person_id
   WHERE s.model_code = 'EFI' AND p.nhs_number BETWEEN $1 AND $2`,
  `INSERT INTO risk_score (person_id, model_code, value, category, assessed_on, source, detail, loaded_by)
   SELECT p.id, 'EFI', round(h.deficits / ${EFI_DEFICITS}.0, 4), NULL, $4::date - 365, 'SystmOne eFI extract (synthetic)',
          jsonb_build_object('deficitCount', h.deficits), 'population generator'
   FROM risk_score s JOIN person p ON p.id = s.person_id
   CROSS JOIN LATERAL (SELECT greatest(0, (s.detail->>'deficitCount')::int - 1 - floor(${uniform('history')} * 3))::int AS deficits) h
   WHERE s.model_code = 'EFI' AND s.assessed_on = $4::date AND p.nhs_number BETWEEN $1 AND $2
     AND (s.detail->>'deficitCount')::int >= 5 AND ${uniform('has-history')} < 0.25`,
];

/** The area's default policy: the Kaiser triangle over everyone's eFI. */
const DEFAULT_TIERS = [
  { code: 'INTENSIVE', name: 'Intensive case management', topPercent: 2, caseManaged: true, lead: [Profession.CONSULTANT_GERIATRICIAN, Profession.COMMUNITY_MATRON] },
  { code: 'CASE_MANAGEMENT', name: 'Case management', topPercent: 5, caseManaged: true, lead: [Profession.GP, Profession.COMMUNITY_MATRON, Profession.SOCIAL_WORKER] },
  { code: 'DISEASE_MANAGEMENT', name: 'Disease management', topPercent: 20, caseManaged: false, lead: [] },
  { code: 'SELF_CARE', name: 'Supported self-care', topPercent: null, caseManaged: false, lead: [] },
];
export const DEFAULT_POLICY_NAME = 'Frailty (eFI): the whole area';

/**
 * Risk scores for every person (the eFI, agreeing with the care teams stage's top tier, and the
 * Combined Predictive Model), a year's history for some, the area's default policy, and everyone's
 * tier from it, computed by the service's own re-tiering statement.
 */
export const riskStage: PopulationStage = {
  name: 'risk scores and tiers',
  plannedRows: ({ options }) => Math.round(options.people * 4.2),
  existingRows: (db) => countGenerated(db, 'stratification_policy'),
  reset: async (db) => {
    const range = [SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last];
    for (const table of ['mdt_nomination', 'person_tier_change', 'person_tier', 'risk_score']) {
      await db.query(`DELETE FROM ${table} WHERE ${OURS}`, range);
    }
    const block = [GENERATED_IDS.first, GENERATED_IDS.last];
    await db.query(`UPDATE stratification_policy_version SET unscored_tier = NULL WHERE policy_id BETWEEN $1::uuid AND $2::uuid`, block);
    for (const table of ['stratification_tier', 'stratification_policy_version']) {
      await db.query(`DELETE FROM ${table} WHERE policy_id BETWEEN $1::uuid AND $2::uuid`, block);
    }
    await db.query(`DELETE FROM stratification_policy WHERE id BETWEEN $1::uuid AND $2::uuid`, block);
  },
  run: async (context) => {
    const { db, options } = context;
    const asAt = options.asAt;
    const range = [SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last];
    const prng = createPrng(options.seed, 'risk');
    const { careSystem } = workforceOf(context);
    const candidates = [...frailty(await readCandidates(context), careSystem, asAt)].map(
      (s): CandidateScore => ({ personId: s.person.id, deficits: candidateDeficits(s.score, prng.below(4)) }),
    );
    let written = await writeInBatches(candidates, context, insertCandidateScores(asAt));
    const count = async (sql: string, parameters: unknown[]) => {
      const result = await db.query(`WITH written AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM written`, parameters);
      context.written(result[0].n);
      return result[0].n as number;
    };
    written += await count(OTHERS_EFI, [...range, String(options.seed), candidatesBornBefore(asAt), asAt]);
    for (const sql of CPM_AND_HISTORY) written += await count(sql, [...range, String(options.seed), asAt]);
    await db.query(CATEGORISE);
    await db.query('ANALYZE risk_score');

    const policyId = generatedId(prng);
    const localities: { id: string }[] = await db.query(
      `SELECT id FROM organisation WHERE kind = 'LOCALITY' AND id BETWEEN $1::uuid AND $2::uuid ORDER BY ods_code`,
      [GENERATED_IDS.first, GENERATED_IDS.last],
    );
    await db.query(`INSERT INTO stratification_policy (id, name, version) VALUES ($1, $2, 1)`, [policyId, DEFAULT_POLICY_NAME]);
    // One statement, so that the version and its tiers (which name each other) land together.
    await db.query(
      `WITH version AS (
         INSERT INTO stratification_policy_version (policy_id, version, scope_organisation_ids, model_code, basis, unscored_tier, saved_by, saved_at)
         VALUES ($1, 1, $2::uuid[], 'EFI', 'PERCENTILE', 'SELF_CARE', 'population generator', $3::timestamptz))
       INSERT INTO stratification_tier (policy_id, version, code, name, rank, top_percent, case_managed, lead_professions)
       SELECT $1, 1, t.code, t.name, t.rank, t.top_percent, t.case_managed, t.lead_professions
       FROM jsonb_to_recordset($4::jsonb) AS t (code text, name text, rank int, top_percent numeric, case_managed boolean, lead_professions text[])`,
      [
        policyId,
        localities.map((l) => l.id),
        `${asAt}T09:00:00Z`,
        JSON.stringify(DEFAULT_TIERS.map((t, i) => ({ ...t, rank: i + 1, top_percent: t.topPercent, case_managed: t.caseManaged, lead_professions: t.lead }))),
      ],
    );
    const tiering = await inOneTransaction(db, (tx) =>
      retierPolicy(tx, {
        id: policyId,
        version: 1,
        model: 'EFI',
        basis: TierBasis.PERCENTILE,
        scopeOrganisationIds: localities.map((l) => l.id),
        unscoredTier: 'SELF_CARE',
      }),
    );
    context.written(tiering.first * 2);
    written += tiering.first * 2;
    await db.query('VACUUM (ANALYZE) risk_score, person_tier, person_tier_change');
    return written;
  },
};
