import { today } from '@app/validation';
import { dataOf, Scenario } from '../scenario';

const PAGE_SIZE = 50;

const QUERY = /* GraphQL */ `
  query Overdue($professionalId: ID!) {
    carePlanReviews(professionalId: $professionalId, due: OVERDUE, first: ${PAGE_SIZE}) {
      nodes { id status nextReviewDate reviewIntervalDays isJoint person { nhsNumber givenName familyName } createdBy { id familyName } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

/** The service's own condition for "plans this professional leads, or whose care team they or a team of theirs are in". */
const SQL = `SELECT plan.id, plan.status, plan.next_review_date, plan.review_interval_days, plan.is_joint,
  p.nhs_number, p.given_name, p.family_name, plan.created_by_id, cb.family_name AS created_by_family_name
FROM care_plan plan
JOIN person p ON p.id = plan.person_id
JOIN professional cb ON cb.id = plan.created_by_id
WHERE plan.status IN ('ACTIVE', 'UNDER_REVIEW') AND plan.next_review_date < $2
  AND plan.person_id IN (
    SELECT l.person_id FROM lead_professional l WHERE l.ended_at IS NULL AND l.professional_id = $1
    UNION SELECT m.person_id FROM care_team_member m WHERE m.end_date IS NULL AND m.professional_id = $1
    UNION SELECT m.person_id FROM care_team_member m
          JOIN team_member tm ON tm.team_id = m.team_id AND tm.end_date IS NULL AND tm.professional_id = $1
          WHERE m.end_date IS NULL)
ORDER BY plan.next_review_date, plan.id
LIMIT ${PAGE_SIZE + 1}`;

/** Lead professionals of people with a current plan, each with the organisation they work for. */
const LEADS = `SELECT l.professional_id AS id, pr.profession,
  (SELECT o.ods_code FROM professional_role r JOIN organisation o ON o.id = r.organisation_id
   WHERE r.professional_id = l.professional_id AND r.end_date IS NULL ORDER BY r.start_date, r.id LIMIT 1) AS org
FROM lead_professional l
JOIN care_plan c ON c.person_id = l.person_id AND c.status IN ('ACTIVE', 'UNDER_REVIEW')
JOIN professional pr ON pr.id = l.professional_id
WHERE l.ended_at IS NULL
GROUP BY l.professional_id, pr.profession
ORDER BY l.professional_id`;

interface Input {
  professionalId: string;
  org: string | null;
  roles: string[];
}

/**
 * A care coordinator's (or a GP's) worklist: the current plans whose review is overdue among the
 * people they lead or care for, oldest first.
 */
export const coordinatorOverdueReviews: Scenario<Input> = {
  id: 'coordinator-overdue-reviews',
  title: "A coordinator's overdue reviews",
  description: `\`carePlanReviews(professionalId, due: OVERDUE, first: ${PAGE_SIZE})\` for a lead professional drawn at random from those who lead people with a current plan, asked as that professional (CARE_COORDINATOR, or GP for a GP lead): the current plans whose review date has passed among the people they lead or whose care team they or their teams are in, by review date, each checked and audited.`,
  sqlText: SQL,
  inputs: async (sql, count, prng) => {
    const leads = await sql.query<{ id: string; profession: string; org: string | null }>(LEADS);
    if (leads.length === 0) throw new Error('Nobody leads a person with a care plan: run npm run seed first');
    return Array.from({ length: count }, () => {
      const lead = prng.pick(leads);
      return { professionalId: lead.id, org: lead.org, roles: [lead.profession === 'GP' ? 'GP' : 'CARE_COORDINATOR'] };
    });
  },
  api: async (api, { professionalId, org, roles }) => {
    const response = await api.graphql<{ carePlanReviews: { nodes: { person: { nhsNumber: string } }[] } }>(
      QUERY,
      { professionalId },
      { professionalId, org: org ?? undefined, roles },
    );
    return dataOf(response, 'carePlanReviews').carePlanReviews.nodes.map((n) => n.person.nhsNumber);
  },
  sql: async (sql, { professionalId }) =>
    (await sql.query<{ nhs_number: string }>(SQL, [professionalId, today()])).slice(0, PAGE_SIZE).map((row) => row.nhs_number),
};
