import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { organisationAndBelow } from '@app/access';
import type { User } from '@app/access';
import { isUniqueViolation } from '@app/database';
import { DomainError } from '@app/errors';
import { today } from '@app/validation';
import { RiskModel } from './risk-codes';
import { LoadRiskScoresResult, RiskModelInfo, RiskScore, RiskScoreInput } from './risk-score.types';

/** The eFI counts 36 deficits; its value is the share present. */
const EFI_DEFICITS = 36;

/** The category of a score: the model's category with the highest lower bound below the value. */
export const categoryOf = (model: string, value: string) => `(
  SELECT c.code FROM risk_model_category c
  WHERE c.model_code = ${model} AND (c.above IS NULL OR ${value} > c.above)
  ORDER BY c.above DESC NULLS LAST LIMIT 1)`;

/**
 * For each row of a batch, what stops it loading, decided in one statement against the register,
 * the models and the scores already held: an unknown NHS number, a person registered outside the
 * loader's organisations, a value outside the model's range, an eFI value that is not its deficit
 * count over 36, a date in the future, the same person, model and date twice in the batch, or a
 * score already loaded for that date.
 */
const PROBLEMS_SQL = `
  WITH mine (ods) AS (${organisationAndBelow('$7')}),
  batch AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::date[], $5::int[])
      WITH ORDINALITY AS b (nhs_number, model_code, value, assessed_on, deficit_count, row)
  )
  SELECT b.row::int - 1 AS row, b.nhs_number, concat_ws('; ',
    CASE WHEN p.id IS NULL THEN 'no person with this NHS number is registered' END,
    CASE WHEN p.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mine WHERE mine.ods = p.gp_practice_ods)
         THEN 'the person is not registered at a practice of your organisation' END,
    CASE WHEN b.value NOT BETWEEN m.min_value AND m.max_value
         THEN format('%s scores run from %s to %s', m.code, m.min_value, m.max_value) END,
    CASE WHEN b.model_code = 'EFI' AND b.deficit_count IS NOT NULL AND abs(b.value - b.deficit_count / ${EFI_DEFICITS}.0) > 0.005
         THEN format('an eFI of %s deficits is %s, not %s', b.deficit_count, round(b.deficit_count / ${EFI_DEFICITS}.0, 3), b.value) END,
    CASE WHEN b.model_code <> 'EFI' AND b.deficit_count IS NOT NULL THEN 'only eFI scores have a deficit count' END,
    CASE WHEN b.assessed_on > $6::date THEN 'assessedOn is in the future' END,
    CASE WHEN count(*) OVER (PARTITION BY b.nhs_number, b.model_code, b.assessed_on) > 1
         THEN 'the batch scores this person with this model on this date more than once' END,
    CASE WHEN EXISTS (SELECT 1 FROM risk_score s WHERE s.person_id = p.id AND s.model_code = b.model_code AND s.assessed_on = b.assessed_on)
         THEN 'a score of this person from this model on this date is loaded already' END
  ) AS reason
  FROM batch b
  JOIN risk_model m ON m.code = b.model_code
  LEFT JOIN person p ON p.nhs_number = b.nhs_number
  ORDER BY b.row`;

const INSERT_SQL = `
  INSERT INTO risk_score (person_id, model_code, value, category, assessed_on, source, detail, loaded_by)
  SELECT p.id, b.model_code, b.value, ${categoryOf('b.model_code', 'b.value')}, b.assessed_on, b.source,
         jsonb_strip_nulls(jsonb_build_object('deficitCount', b.deficit_count, 'deficits', b.deficits::jsonb)), $8
  FROM unnest($1::text[], $2::text[], $3::numeric[], $4::date[], $5::text[], $6::int[], $7::text[])
    AS b (nhs_number, model_code, value, assessed_on, source, deficit_count, deficits)
  JOIN person p ON p.nhs_number = b.nhs_number`;

const SCORES_SQL = `
  SELECT s.id, s.person_id, s.model_code, s.value::float8 AS value, s.category, s.assessed_on::text AS assessed_on, s.source, s.detail,
         s.assessed_on = max(s.assessed_on) OVER (PARTITION BY s.model_code) AS latest
  FROM risk_score s JOIN person p ON p.id = s.person_id
  WHERE p.nhs_number = $1 AND ($2::text IS NULL OR s.model_code = $2)
  ORDER BY s.model_code, s.assessed_on DESC`;

export interface ScoreRow {
  id: string;
  person_id: string;
  model_code: RiskModel;
  value: number;
  category: string | null;
  assessed_on: string;
  source: string;
  detail: { deficitCount?: number; deficits?: string[] };
  latest: boolean;
}

export const toRiskScore = (r: ScoreRow): RiskScore =>
  Object.assign(new RiskScore(), {
  id: r.id,
  personId: r.person_id,
  model: r.model_code,
  value: Number(r.value),
  category: r.category,
  assessedOn: r.assessed_on,
  source: r.source,
  detail: { deficitCount: r.detail.deficitCount ?? null, deficits: r.detail.deficits ?? null },
  latest: r.latest,
  });

/** Risk scores from stratification models: loaded in bulk, all or none, and kept as history. */
@Injectable()
export class RiskScoresService {
  constructor(private readonly db: DataSource) {}

  /**
   * Loads a batch in one set-based insert, after one statement that finds every row's problems:
   * a batch with any is refused whole (RISK_SCORES_REFUSED, with each bad row and why). The loader
   * loads only for people registered at practices of their organisation or under it. Pass `db` to
   * load inside a transaction of the caller's (a FHIR transaction bundle).
   */
  async load(scores: RiskScoreInput[], user: User, db: EntityManager = this.db.manager): Promise<LoadRiskScoresResult> {
    const columns = {
      nhs: scores.map((s) => s.nhsNumber),
      model: scores.map((s) => s.model),
      value: scores.map((s) => s.value),
      assessedOn: scores.map((s) => s.assessedOn),
      deficitCount: scores.map((s) => s.detail?.deficitCount ?? null),
    };
    try {
      return await db.transaction(async (tx) => {
        const problems: { row: number; nhs_number: string; reason: string }[] = await tx.query(
          PROBLEMS_SQL,
          [columns.nhs, columns.model, columns.value, columns.assessedOn, columns.deficitCount, today(), user.organisationOds],
        );
        const refused = problems.filter((p) => p.reason !== '');
        if (refused.length > 0) throw refusal(refused.map((p) => ({ row: p.row, nhsNumber: p.nhs_number, reason: p.reason })));
        await tx.query(INSERT_SQL, [
          columns.nhs,
          columns.model,
          columns.value,
          columns.assessedOn,
          scores.map((s) => s.source),
          columns.deficitCount,
          scores.map((s) => (s.detail?.deficits ? JSON.stringify(s.detail.deficits) : null)),
          user.subject,
        ]);
        return { loaded: scores.length, people: new Set(columns.nhs).size };
      });
    } catch (error) {
      // Someone loaded the same score meanwhile: the unique constraint decided, and the batch is refused as a whole.
      if (isUniqueViolation(error, 'risk_score_once_a_day')) {
        throw refusal([{ row: null, nhsNumber: null, reason: 'a score in the batch was loaded by someone else meanwhile' }]);
      }
      throw error;
    }
  }

  /** A person's scores, newest first within each model. */
  async scoresOf(nhsNumber: string, model: RiskModel | undefined): Promise<RiskScore[]> {
    const rows: ScoreRow[] = await this.db.query(SCORES_SQL, [nhsNumber, model ?? null]);
    return rows.map(toRiskScore);
  }

  async models(): Promise<RiskModelInfo[]> {
    const rows = await this.db.query(`
      SELECT m.code, m.name, m.description, m.min_value::float8 AS min_value, m.max_value::float8 AS max_value,
        coalesce(jsonb_agg(jsonb_build_object('code', c.code, 'name', c.name, 'above', c.above) ORDER BY c.above NULLS FIRST)
                 FILTER (WHERE c.code IS NOT NULL), '[]') AS categories
      FROM risk_model m LEFT JOIN risk_model_category c ON c.model_code = m.code
      GROUP BY m.code ORDER BY m.code`);
    return rows.map((r: any) => ({
      code: r.code,
      name: r.name,
      description: r.description,
      minValue: r.min_value,
      maxValue: r.max_value,
      categories: r.categories.map((c: any) => ({ ...c, above: c.above === null ? null : Number(c.above) })),
    }));
  }
}

function refusal(rows: { row: number | null; nhsNumber: string | null; reason: string }[]): DomainError {
  const shown = rows.slice(0, 5).map((r) => (r.row === null ? r.reason : `row ${r.row} (${r.nhsNumber}): ${r.reason}`));
  return new DomainError(
    'RISK_SCORES_REFUSED',
    `${rows.length} of the scores cannot be loaded, so none was: ${shown.join('; ')}${rows.length > 5 ? '; ...' : ''}`,
    { rows },
  );
}
