import { Injectable } from '@nestjs/common';
import { ReplicaReads } from '@app/database';
import { ReferralBreaches, ReferralPerformance, StandardsPeriod } from './referral.types';

/** The teams of an organisation (by ODS code) and of every organisation under it. */
const TEAMS_OF = (code: string) => `
  SELECT t.id FROM organisation o JOIN organisation d ON d.path @> ARRAY[o.id] JOIN team t ON t.organisation_id = d.id
  WHERE o.ods_code = ${code}`;

/**
 * Response standards in view, each one set-based statement: referrals past their due time and
 * not accepted, and time from receipt to acceptance per team, service and period. Measures, so a
 * read replica may answer them (DATABASE_REPLICA_URLS): a figure a few seconds behind is still true.
 */
@Injectable()
export class ReferralStandardsService {
  constructor(private readonly db: ReplicaReads) {}

  /** Per team and service: open referrals not yet accepted, and how many of them are past due. Worst first. */
  async breaches(organisationOds: string): Promise<ReferralBreaches[]> {
    const rows = await this.db.query(
      `SELECT r.team_id, t.name AS team_name, r.service_code,
              count(*) FILTER (WHERE r.due_at < now())::int AS breaching, count(*)::int AS waiting, min(r.due_at) AS oldest_due_at
       FROM referral r JOIN team t ON t.id = r.team_id
       WHERE r.status IN ('TRIAGED','CLAIMED') AND r.team_id IN (${TEAMS_OF('$1')})
       GROUP BY r.team_id, t.name, r.service_code
       HAVING count(*) FILTER (WHERE r.due_at < now()) > 0
       ORDER BY breaching DESC, oldest_due_at, t.name, r.service_code`,
      [organisationOds],
    );
    return rows.map((r: any) => ({
      teamId: r.team_id,
      teamName: r.team_name,
      serviceCode: r.service_code,
      breaching: r.breaching,
      waiting: r.waiting,
      oldestDueAt: new Date(r.oldest_due_at),
    }));
  }

  /**
   * Per team (the one the referral is with now), service and period of receipt (UK local dates):
   * how many were received and accepted, the median minutes from receipt to acceptance, and the
   * percentage accepted by their due time, out of those accepted or past due without acceptance
   * while open (referrals declined or withdrawn before they were due are not counted either way).
   */
  async performance(organisationOds: string, from: string, to: string, period: StandardsPeriod): Promise<ReferralPerformance[]> {
    const rows = await this.db.query(
      `SELECT r.team_id, t.name AS team_name, r.service_code,
              to_char(date_trunc($4, r.received_at AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD') AS period_start,
              count(*)::int AS received, count(r.accepted_at)::int AS accepted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.received_at) / 60) AS median,
              round(100.0 * count(*) FILTER (WHERE r.accepted_at <= r.due_at)
                / nullif(count(*) FILTER (WHERE r.accepted_at IS NOT NULL OR r.due_at < coalesce(r.closed_at, now())), 0), 1) AS percent
       FROM referral r JOIN team t ON t.id = r.team_id
       WHERE r.team_id IN (${TEAMS_OF('$1')})
         AND r.received_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/London'
         AND r.received_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London'
       GROUP BY r.team_id, t.name, r.service_code, 4
       ORDER BY period_start, t.name, r.service_code`,
      [organisationOds, from, to, period.toLowerCase()],
    );
    return rows.map((r: any) => ({
      teamId: r.team_id,
      teamName: r.team_name,
      serviceCode: r.service_code,
      periodStart: r.period_start,
      received: r.received,
      accepted: r.accepted,
      medianMinutesToAccept: r.median === null ? null : Math.round(Number(r.median) * 10) / 10,
      percentWithinStandard: r.percent === null ? null : Number(r.percent),
    }));
  }
}
