import { CLAIM_NEXT_SQL } from '@app/referrals';
import { dataOf, Scenario, SqlDriver } from '../scenario';

const CLAIMERS = 32;
/** The benchmark's own team in the community trust, and its 32 members: ids outside the generator's block. */
const TEAM_ID = 'b3c40000-0000-4000-8000-000000000000';
const memberId = (i: number) => `b3c40000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
const SPOA = 'R1X03';

const MUTATION = /* GraphQL */ `
  mutation ClaimNext($teamId: ID!) { claimNextReferral(input: { teamId: $teamId }) { id status dueAt heldBy { id } person { nhsNumber } } }`;

/**
 * The team, its members and hours, and a queue of `size` referrals (one for each of as many people
 * with no open reablement referral), each due at a different time; earlier runs' referrals go first.
 */
async function fillQueue(sql: SqlDriver, size: number): Promise<void> {
  await sql.query(
    `INSERT INTO team (id, name, kind, organisation_id, start_date)
     SELECT $1, 'Benchmark claims team', 'RAPID_RESPONSE', id, '2025-01-01' FROM organisation WHERE ods_code = $2
     ON CONFLICT (id) DO NOTHING`,
    [TEAM_ID, SPOA],
  );
  const ids = Array.from({ length: CLAIMERS }, (_, i) => memberId(i));
  await sql.query(
    `INSERT INTO professional (id, given_name, family_name, profession, version)
     SELECT id, 'Bench', 'Claimer ' || n, 'DISTRICT_NURSE', 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS m(id, n) ON CONFLICT (id) DO NOTHING`,
    [ids],
  );
  await sql.query(
    `INSERT INTO team_member (team_id, professional_id, start_date)
     SELECT $1, id, '2025-01-01' FROM unnest($2::uuid[]) AS m(id)
     WHERE NOT EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = $1 AND tm.professional_id = m.id AND tm.end_date IS NULL)`,
    [TEAM_ID, ids],
  );
  await sql.query(`INSERT INTO team_service VALUES ($1, 'REABLEMENT', true) ON CONFLICT DO NOTHING`, [TEAM_ID]);
  await sql.query(
    `INSERT INTO team_service_hours SELECT $1, 'REABLEMENT', d, '00:00', '24:00' FROM generate_series(1, 7) d ON CONFLICT DO NOTHING`,
    [TEAM_ID],
  );
  await sql.query(`DELETE FROM referral_step WHERE referral_id IN (SELECT id FROM referral WHERE team_id = $1)`, [TEAM_ID]);
  await sql.query(`DELETE FROM referral WHERE team_id = $1`, [TEAM_ID]);
  await sql.query(
    `INSERT INTO referral (person_id, service_code, status, source, requested_urgency, reason, referrer_name, spoa_organisation_id,
                           sent_by, received_at, priority, team_id, triaged_at, due_at)
     SELECT p.id, 'REABLEMENT', 'TRIAGED', 'OTHER', 'ROUTINE', 'Benchmark referral', 'Benchmark', o.id,
            'bench', now() - interval '1 hour', 'ROUTINE', $1, now() - interval '1 hour', now() + (row_number() OVER ()) * interval '1 second'
     FROM (SELECT id FROM person p WHERE NOT EXISTS (
             SELECT 1 FROM referral r WHERE r.person_id = p.id AND r.service_code = 'REABLEMENT' AND r.closed_at IS NULL) LIMIT $3) p
     CROSS JOIN (SELECT id FROM organisation WHERE ods_code = $2) o`,
    [TEAM_ID, SPOA, size],
  );
  await sql.query('ANALYZE referral');
}

interface Input {
  professionalId: string;
}

/**
 * A team's queue worked by 32 claimers at once: each request claims the referral due soonest that
 * nobody else is taking. Both ways run the same statement (the API adds the check, the audit and
 * the referral it returns); afterwards no referral may have been claimed twice.
 */
export const claimNextReferral: Scenario<Input> = {
  id: 'claim-next-referral',
  title: 'Claim the next referral, 32 claimers',
  description: `\`claimNextReferral(input: { teamId })\` by ${CLAIMERS} members of one team's queue at once (each a CLINICAL_PRACTITIONER), against a queue filled beforehand with enough referrals for every claim both ways: each claim takes the referral due soonest that no other claimer holds (\`FOR UPDATE SKIP LOCKED\`), records the step, and through the API is checked and audited. After the run, no referral may have been claimed twice.`,
  sqlText: CLAIM_NEXT_SQL,
  concurrency: CLAIMERS,
  inputs: async (sql, count) => {
    // Each input claims once through the API and once as SQL, and the answer check claims again.
    await fillQueue(sql, 2 * count + 100);
    return Array.from({ length: count }, (_, i) => ({ professionalId: memberId(i % CLAIMERS) }));
  },
  api: async (api, { professionalId }) => {
    const response = await api.graphql<{ claimNextReferral: { heldBy: { id: string } } }>(
      MUTATION,
      { teamId: TEAM_ID },
      { professionalId, org: SPOA, roles: ['CLINICAL_PRACTITIONER'] },
    );
    return [dataOf(response, 'claimNextReferral').claimNextReferral.heldBy.id === professionalId ? 'claimed' : 'held by someone else'];
  },
  sql: async (sql, { professionalId }) =>
    (await sql.query(CLAIM_NEXT_SQL, [TEAM_ID, professionalId, `bench-${professionalId}`])).length === 1 ? ['claimed'] : ['queue empty'],
  verify: async (sql) => {
    const [{ twice, held }] = await sql.query<{ twice: number; held: number }>(
      `SELECT (SELECT count(*)::int FROM (SELECT s.referral_id FROM referral_step s WHERE s.team_id = $1 AND s.step = 'CLAIM'
                                          GROUP BY s.referral_id HAVING count(*) > 1) x) AS twice,
              (SELECT count(*)::int FROM referral WHERE team_id = $1 AND status = 'CLAIMED') AS held`,
      [TEAM_ID],
    );
    const [{ steps }] = await sql.query<{ steps: number }>(`SELECT count(*)::int AS steps FROM referral_step WHERE team_id = $1 AND step = 'CLAIM'`, [TEAM_ID]);
    if (twice > 0 || steps !== held) throw new Error(`Claims collided: ${twice} referrals claimed twice; ${steps} claims for ${held} held referrals`);
  },
};
