import { caseloadPageQuery } from '@app/caseloads';
import { dataOf, Scenario } from '../scenario';

const PAGE_SIZE = 100;

const QUERY = /* GraphQL */ `
  query Caseload($professionalId: ID!) {
    caseload(professionalId: $professionalId, first: ${PAGE_SIZE}) {
      owner capacity leading people load
      nodes { nhsNumber givenName familyName relationship tier tierName score planStatus nextReviewDate reviewOverdue
              lastEvent { kind at description } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

/** Professionals who lead people, with how many and the organisation they work for; the busiest first. */
const LEADS = `SELECT l.professional_id AS id, pr.profession, count(*)::int AS leading,
  (SELECT o.ods_code FROM professional_role r JOIN organisation o ON o.id = r.organisation_id
   WHERE r.professional_id = l.professional_id AND r.end_date IS NULL ORDER BY r.start_date, r.id LIMIT 1) AS org
FROM lead_professional l JOIN professional pr ON pr.id = l.professional_id
WHERE l.ended_at IS NULL
GROUP BY l.professional_id, pr.profession
ORDER BY count(*) DESC, l.professional_id`;

interface Input {
  professionalId: string;
  org: string | null;
  roles: string[];
}

/**
 * A coordinator's caseload page of up to 100: the people they lead or whose care team they are in,
 * in name order, each with tier, plan status, next review and last event.
 */
export const coordinatorCaseload: Scenario<Input> = {
  id: 'coordinator-caseload',
  title: "A coordinator's caseload page of 100",
  description: `\`caseload(professionalId, first: ${PAGE_SIZE})\` for a professional drawn at random from the busier half of those who lead people, asked as that professional (CARE_COORDINATOR, or GP for a GP): capacity and load, and the people they lead or hold in name order with tier, plan status, next review and last event, each checked and audited.`,
  target: { issue: 8, p95Ms: 25 },
  sqlText: caseloadPageQuery({ professionalId: 'professional', first: PAGE_SIZE }).sql,
  inputs: async (sql, count, prng) => {
    const leads = await sql.query<{ id: string; profession: string; org: string | null }>(LEADS);
    if (leads.length === 0) throw new Error('Nobody leads anyone: run npm run seed first');
    const busier = leads.slice(0, Math.max(1, Math.ceil(leads.length / 2)));
    return Array.from({ length: count }, () => {
      const lead = prng.pick(busier);
      return { professionalId: lead.id, org: lead.org, roles: [lead.profession === 'GP' ? 'GP' : 'CARE_COORDINATOR'] };
    });
  },
  api: async (api, { professionalId, org, roles }) => {
    const response = await api.graphql<{ caseload: { nodes: { nhsNumber: string }[] } }>(
      QUERY,
      { professionalId },
      { professionalId, org: org ?? undefined, roles },
    );
    return dataOf(response, 'caseload').caseload.nodes.map((n) => n.nhsNumber);
  },
  sql: async (sql, { professionalId }) => {
    const { sql: text, parameters } = caseloadPageQuery({ professionalId, first: PAGE_SIZE });
    return (await sql.query<{ nhs_number: string }>(text, parameters)).slice(0, PAGE_SIZE).map((r) => r.nhs_number);
  },
};
