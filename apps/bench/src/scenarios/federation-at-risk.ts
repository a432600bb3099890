import { atRiskPageQuery } from '@app/risk';
import { today } from '@app/validation';
import { DEFAULT_POLICY_NAME } from '@app/population';
import { dataOf, Scenario } from '../scenario';

const PAGE_SIZE = 50;

const QUERY = /* GraphQL */ `
  query AtRisk($org: String!, $policyId: ID!, $filter: AtRiskFilter) {
    atRiskPeople(organisationOds: $org, policyId: $policyId, filter: $filter, first: ${PAGE_SIZE}) {
      nodes { nhsNumber givenName familyName dateOfBirth gpPracticeOds planStatus nextReviewDate reviewOverdue
              lead { name profession } tier { tier tierName score percentAbove threshold policyVersion explanation } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

interface Input {
  pcn: string;
  policyId: string;
  /** Half the pages are the top of the list, half the top tiers lacking a lead or a plan (case finding). */
  filter: Record<string, unknown> | null;
}

const CASE_FINDING = { tiers: ['INTENSIVE', 'CASE_MANAGEMENT'], lacksLeadOrPlan: true };

/**
 * A GP federation's at-risk list for one of its PCNs under the area's default policy: the top 50 by
 * eFI, or the top tiers lacking a lead or plan, asked by a population analyst at the PCN.
 */
export const federationAtRisk: Scenario<Input> = {
  id: 'federation-at-risk',
  title: "A federation's top 50 at-risk people in a PCN",
  description: `\`atRiskPeople(organisationOds: PCN, policyId, first: ${PAGE_SIZE})\` under the generated area's default eFI policy, for a PCN drawn at random, asked by a POPULATION_ANALYST at the PCN: half the requests the top 50 by score, half the top two tiers lacking a lead or a current plan (${JSON.stringify(CASE_FINDING)}); each person on the page is checked and audited.`,
  target: { issue: 8, p95Ms: 15, timesSql: 1.5 },
  sqlText: atRiskPageQuery({ organisationOds: 'PCN', policyId: 'policy', first: PAGE_SIZE, filter: CASE_FINDING }, 'today').sql,
  inputs: async (sql, count, prng) => {
    const [policy] = await sql.query<{ id: string }>('SELECT id FROM stratification_policy WHERE name = $1', [DEFAULT_POLICY_NAME]);
    if (!policy) throw new Error(`No policy called ${DEFAULT_POLICY_NAME}: run npm run seed first`);
    const pcns = await sql.query<{ ods_code: string }>(`SELECT ods_code FROM organisation WHERE kind = 'PRIMARY_CARE_NETWORK' ORDER BY ods_code`);
    return Array.from({ length: count }, () => ({
      pcn: prng.pick(pcns).ods_code,
      policyId: policy.id,
      filter: prng.chance(0.5) ? CASE_FINDING : null,
    }));
  },
  api: async (api, { pcn, policyId, filter }) => {
    const response = await api.graphql<{ atRiskPeople: { nodes: { nhsNumber: string }[] } }>(
      QUERY,
      { org: pcn, policyId, filter },
      { analystAt: pcn },
    );
    return dataOf(response, 'atRiskPeople').atRiskPeople.nodes.map((n) => n.nhsNumber);
  },
  sql: async (sql, { pcn, policyId, filter }) => {
    const { sql: text, parameters } = atRiskPageQuery({ organisationOds: pcn, policyId, first: PAGE_SIZE, filter: filter ?? undefined }, today());
    return (await sql.query<{ nhs_number: string }>(text, parameters)).slice(0, PAGE_SIZE).map((r) => r.nhs_number);
  },
};
