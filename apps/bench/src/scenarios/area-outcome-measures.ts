import { AREA_PRACTICES_SQL, OUTCOME_MEASURES_SQL } from '@app/outcomes';
import { DEFAULT_POLICY_NAME } from '@app/population';
import { today } from '@app/validation';
import { dataOf, Scenario } from '../scenario';

const QUERY = /* GraphQL */ `
  query Measures($ods: String!, $from: String!, $to: String!, $policyId: ID) {
    outcomeMeasures(organisationOds: $ods, from: $from, to: $to, policyId: $policyId) {
      organisationOds policyId figures { measure breakdown numerator denominator per rate definition }
    }
  }`;

interface Input {
  localityOds: string;
  policyId: string | null;
  from: string;
  to: string;
}

/** The year to yesterday, as dates in England. */
function lastYear(): { from: string; to: string } {
  const day = (offset: number) => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  return { from: day(-365), to: day(-1) };
}

/** A figure as both ways give it, to compare them. */
const figure = (measure: string, breakdown: string | null, numerator: number | string, denominator: number | string) =>
  `${measure}:${breakdown ?? '*'}:${Number(numerator)}/${Number(denominator)}`;

/**
 * A commissioner's question: every outcome measure for their locality over the last year, with
 * numerators and denominators, as a population analyst of the locality.
 */
export const areaOutcomeMeasures: Scenario<Input> = {
  id: 'area-outcome-measures',
  title: 'All outcome measures for one area and year',
  description:
    '`outcomeMeasures(organisationOds, from, to)` for a locality drawn at random, over the year to yesterday, under the ' +
    "generator's stratification policy, asked as a population analyst of that locality: emergency admissions per 1,000 by tier, " +
    'readmissions within 30 days, care home admissions of people 65 and over per 100,000, at home 91 days after reablement, ' +
    'delayed transfer days, deaths in the preferred place, the top tier with a lead and a plan, and referral response standards, ' +
    'in one statement.',
  sqlText: `${AREA_PRACTICES_SQL};\n${OUTCOME_MEASURES_SQL}`,
  inputs: async (sql, count, prng) => {
    const localities = await sql.query<{ ods_code: string }>(`SELECT ods_code FROM organisation WHERE kind = 'LOCALITY' ORDER BY ods_code`);
    if (localities.length === 0) throw new Error('No localities: run npm run seed first');
    const [policy] = await sql.query<{ id: string }>(`SELECT id FROM stratification_policy WHERE name = $1`, [DEFAULT_POLICY_NAME]);
    const { from, to } = lastYear();
    return Array.from({ length: count }, () => ({ localityOds: prng.pick(localities).ods_code, policyId: policy?.id ?? null, from, to }));
  },
  api: async (api, { localityOds, policyId, from, to }) => {
    const response = await api.graphql<{ outcomeMeasures: { figures: { measure: string; breakdown: string | null; numerator: number; denominator: number }[] } }>(
      QUERY,
      { ods: localityOds, from, to, policyId },
      { analystAt: localityOds },
    );
    return dataOf(response, 'outcomeMeasures')
      .outcomeMeasures.figures.map((f) => figure(f.measure, f.breakdown, f.numerator, f.denominator))
      .sort();
  },
  sql: async (sql, { localityOds, policyId, from, to }) => {
    const [{ practices }] = await sql.query<{ practices: string[] }>(AREA_PRACTICES_SQL, [localityOds]);
    const rows = await sql.query<{ measure: string; breakdown: string | null; numerator: string; denominator: string }>(OUTCOME_MEASURES_SQL, [
      practices,
      from,
      to,
      policyId,
    ]);
    return rows.map((r) => figure(r.measure, r.breakdown, r.numerator, r.denominator)).sort();
  },
};
