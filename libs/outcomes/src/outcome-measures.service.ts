import { Injectable } from '@nestjs/common';
import { ReplicaReads } from '@app/database';
import { DomainError } from '@app/errors';
import { assertDatesInOrder } from '@app/validation';
import { AREA_PRACTICES_SQL, OUTCOME_MEASURES_SQL } from './outcome-measures.sql';
import { MEASURES, OutcomeFigure, OutcomeMeasure, OutcomeMeasures, OutcomeMeasuresArgs } from './outcome-measure.types';

/** numerator / denominator × per, to one decimal place; null for an empty denominator. Pure. */
export function rateOf(numerator: number, denominator: number, per: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * per * 10) / 10;
}

const ORDER = Object.keys(MEASURES);

/** Outcome measures for an area and a period: one statement for all of them (OUTCOME_MEASURES_SQL). */
@Injectable()
export class OutcomeMeasuresService {
  /** Measures count a settled past: a replica's lag only matters for today's events. */
  constructor(private readonly db: ReplicaReads) {}

  async measures({ organisationOds, from, to, policyId }: OutcomeMeasuresArgs): Promise<OutcomeMeasures> {
    assertDatesInOrder(from, to, 'to');
    const [area] = await this.db.query(`SELECT 1 FROM organisation WHERE ods_code = $1`, [organisationOds]);
    if (!area) {
      throw new DomainError('ORGANISATION_NOT_FOUND', `No organisation with ODS code ${organisationOds}`, {
        fields: [{ field: 'organisationOds', message: 'unknown organisation' }],
      });
    }
    const policy = await this.policy(policyId);
    const [{ practices }] = await this.db.query(AREA_PRACTICES_SQL, [organisationOds]);
    const rows: { measure: OutcomeMeasure; breakdown: string | null; position: number; numerator: string; denominator: string }[] =
      await this.db.query(OUTCOME_MEASURES_SQL, [practices, from, to, policy]);
    rows.sort(
      (a, b) =>
        ORDER.indexOf(a.measure) - ORDER.indexOf(b.measure) ||
        Number(a.position) - Number(b.position) ||
        (a.breakdown ?? '').localeCompare(b.breakdown ?? ''),
    );
    const figures: OutcomeFigure[] = rows.map((r) => {
      const { per, definition } = MEASURES[r.measure];
      const numerator = Number(r.numerator);
      const denominator = Number(r.denominator);
      return { measure: r.measure, breakdown: r.breakdown, numerator, denominator, per, rate: rateOf(numerator, denominator, per), definition };
    });
    return { organisationOds, from, to, policyId: policy, figures };
  }

  private async policy(policyId: string | undefined): Promise<string | null> {
    const [row] = policyId
      ? await this.db.query(`SELECT id FROM stratification_policy WHERE id = $1`, [policyId])
      : await this.db.query(`SELECT id FROM stratification_policy ORDER BY updated_at DESC, id LIMIT 1`);
    if (policyId && !row) {
      throw new DomainError('POLICY_NOT_FOUND', `No stratification policy with id ${policyId}`, {
        fields: [{ field: 'policyId', message: 'unknown policy' }],
      });
    }
    return row?.id ?? null;
  }
}
