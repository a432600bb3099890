import { dataOf, Scenario } from '../scenario';

const PAGE_SIZE = 50;

const QUERY = /* GraphQL */ `
  query Queue($teamId: ID!) {
    referralQueue(teamId: $teamId, first: ${PAGE_SIZE}) {
      nodes { id status priority serviceCode reason dueAt receivedAt breached
              person { nhsNumber givenName familyName dateOfBirth } team { id name } spoaOrganisation { odsCode } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const SQL = `SELECT p.nhs_number, r.id, r.status, r.priority, r.service_code, r.reason, r.due_at, r.received_at,
  p.given_name, p.family_name, p.date_of_birth, t.name, s.ods_code
FROM referral r
JOIN person p ON p.id = r.person_id
JOIN team t ON t.id = r.team_id
JOIN organisation s ON s.id = r.spoa_organisation_id
WHERE r.team_id = $1 AND r.status = 'TRIAGED'
ORDER BY r.due_at, r.id
LIMIT ${PAGE_SIZE + 1}`;

/**
 * Teams that take referrals (not the claims benchmark's own), each with a member to ask as; those
 * with referrals waiting, unless none has (a tiny population), when an empty queue is still a page.
 */
const TEAMS = `SELECT s.team_id, o.ods_code,
  (SELECT tm.professional_id FROM team_member tm WHERE tm.team_id = s.team_id AND tm.end_date IS NULL ORDER BY tm.professional_id LIMIT 1) AS member,
  EXISTS (SELECT 1 FROM referral r WHERE r.team_id = s.team_id AND r.status = 'TRIAGED') AS waiting
FROM (SELECT DISTINCT team_id FROM team_service) s JOIN team t ON t.id = s.team_id JOIN organisation o ON o.id = t.organisation_id
WHERE t.name <> 'Benchmark claims team'
ORDER BY s.team_id`;

interface Input {
  teamId: string;
  professionalId: string;
  org: string;
}

/** A member of a team opens its queue: the referrals waiting to be claimed, due soonest first. */
export const teamQueuePage: Scenario<Input> = {
  id: 'team-queue-page',
  title: "A team's referral queue page",
  description: `\`referralQueue(teamId, first: ${PAGE_SIZE})\` for a team drawn at random from those with referrals waiting, asked as a member of the team: the referrals waiting to be claimed, due soonest first, with the person, each checked against the member's relationships (their team's queue) and audited.`,
  sqlText: SQL,
  inputs: async (sql, count, prng) => {
    const all = (await sql.query<{ team_id: string; ods_code: string; member: string | null; waiting: boolean }>(TEAMS)).filter((t) => t.member);
    const teams = all.some((t) => t.waiting) ? all.filter((t) => t.waiting) : all;
    if (teams.length === 0) throw new Error('No team takes referrals: run npm run seed first');
    return Array.from({ length: count }, () => {
      const team = prng.pick(teams);
      return { teamId: team.team_id, professionalId: team.member!, org: team.ods_code };
    });
  },
  api: async (api, { teamId, professionalId, org }) => {
    const response = await api.graphql<{ referralQueue: { nodes: { person: { nhsNumber: string } }[] } }>(
      QUERY,
      { teamId },
      { professionalId, org, roles: ['CARE_COORDINATOR'] },
    );
    return dataOf(response, 'referralQueue').referralQueue.nodes.map((n) => n.person.nhsNumber);
  },
  sql: async (sql, { teamId }) => (await sql.query<{ nhs_number: string }>(SQL, [teamId])).slice(0, PAGE_SIZE).map((r) => r.nhs_number),
};
