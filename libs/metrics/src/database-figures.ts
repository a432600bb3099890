import { DataSource } from 'typeorm';

/** What the database says about the work waiting, whichever process did it: read at scrape time. */
export interface DatabaseFigures {
  outbox: { waiting: number; oldestAgeSeconds: number };
  partners: { partner: string; undelivered: number; oldestAgeSeconds: number; parked: number }[];
  referralQueues: { teamId: string; team: string; waiting: number; breaching: number }[];
  auditEventsWritten: number;
}

/**
 * One statement, each part on an index: changes not yet fanned out (the outbox is emptied as it is
 * read), each partner's undelivered and parked messages (partial indexes on status, so delivered
 * history costs nothing), open referrals in teams' queues by team, and the audit trail's identity
 * sequence (every row written by any process, without counting the table).
 */
const FIGURES_SQL = `
  SELECT
    (SELECT json_build_object('waiting', count(*), 'oldestAgeSeconds', coalesce(extract(epoch FROM now() - min(changed_at)), 0))
     FROM outbox_change) AS outbox,
    (SELECT coalesce(json_agg(json_build_object('partner', p.name, 'undelivered', q.undelivered,
              'oldestAgeSeconds', q.oldest_age, 'parked', k.parked) ORDER BY p.name), '[]')
     FROM partner_system p
     CROSS JOIN LATERAL (
       SELECT count(*) AS undelivered, coalesce(extract(epoch FROM now() - min(d.changed_at)), 0) AS oldest_age
       FROM partner_delivery d WHERE d.partner_id = p.id AND d.status <> 'DELIVERED') q
     CROSS JOIN LATERAL (
       SELECT count(*) AS parked FROM partner_delivery d WHERE d.partner_id = p.id AND d.status = 'PARKED') k) AS partners,
    (SELECT coalesce(json_agg(json_build_object('teamId', q.team_id, 'team', t.name, 'waiting', q.waiting, 'breaching', q.breaching)), '[]')
     FROM (SELECT r.team_id, count(*) AS waiting, count(*) FILTER (WHERE r.due_at < now()) AS breaching
           FROM referral r WHERE r.status IN ('TRIAGED','CLAIMED') GROUP BY r.team_id) q
     JOIN team t ON t.id = q.team_id) AS referral_queues,
    coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit_event', 'id')::regclass), 0) AS audit_events_written`;

export async function readDatabaseFigures(dataSource: DataSource): Promise<DatabaseFigures> {
  const [row] = await dataSource.query(FIGURES_SQL);
  return {
    outbox: { waiting: Number(row.outbox.waiting), oldestAgeSeconds: Number(row.outbox.oldestAgeSeconds) },
    partners: row.partners.map((p: Record<string, unknown>) => ({
      partner: String(p.partner),
      undelivered: Number(p.undelivered),
      oldestAgeSeconds: Number(p.oldestAgeSeconds),
      parked: Number(p.parked),
    })),
    referralQueues: row.referral_queues.map((q: Record<string, unknown>) => ({
      teamId: String(q.teamId),
      team: String(q.team),
      waiting: Number(q.waiting),
      breaching: Number(q.breaching),
    })),
    auditEventsWritten: Number(row.audit_events_written),
  };
}
