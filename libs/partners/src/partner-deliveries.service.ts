import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A message claimed by one worker: until its lease expires no other worker takes it. */
export interface ClaimedDelivery {
  id: string;
  partnerId: string;
  personId: string;
  resourceType: string;
  resourceId: string;
  attempts: number;
  leaseToken: string;
}

export interface Failure {
  delivery: ClaimedDelivery;
  error: string;
  httpStatus?: number;
  /** Park now: retrying will not help (the partner refused the resource itself). */
  permanent: boolean;
  retryInMs: number;
}

/** TypeORM gives an UPDATE's RETURNING rows as [rows, count] and a SELECT's as rows. */
function returned<T>(raw: unknown): T[] {
  const result = raw as unknown[];
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}

/**
 * Who is to receive each change, for every partner whose scope covers the person at fan-out time.
 * Postcode areas match the outward code (`CO4`) or its letters (`CO`), so `CO1` does not match `CO10`.
 */
const PARTNERS_FOR_CHANGE = `
  JOIN person pe ON pe.id = t.person_id
  JOIN partner_system p ON t.resource_type = ANY (p.resource_types) AND CASE p.scope_kind
    WHEN 'RESIDENT_IN_LOCAL_AUTHORITY' THEN pe.residence_local_authority = p.scope_code
    WHEN 'RESIDENT_IN_POSTCODE_AREA' THEN p.scope_code IN (
      split_part(upper(trim(pe.postcode)), ' ', 1), substring(upper(trim(pe.postcode)) FROM '^[A-Z]+'))
    ELSE EXISTS (
      SELECT 1 FROM care_team_member m
      LEFT JOIN team tm ON tm.id = m.team_id
      JOIN organisation o ON o.id = coalesce(m.organisation_id, tm.organisation_id)
      WHERE m.person_id = t.person_id AND m.end_date IS NULL
        AND (o.id = p.organisation_id OR o.path @> ARRAY[p.organisation_id]))
  END`;

/**
 * The outbox and the partners' delivery queues, in SQL. Every step is one statement, so several
 * workers (in several processes) can run them at once.
 */
@Injectable()
export class PartnerDeliveries {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Moves committed changes from the outbox to the queues of the partners they concern, oldest
   * first; returns how many changes it took (0 when another worker is fanning out).
   *
   * The classic outbox gap: a seq is taken at insert but seen only at commit, so a reader that
   * remembers "the last seq I saw" skips a change whose transaction commits late. Here nothing is
   * remembered: taking a change deletes it, so a change committed late is simply taken in a later
   * round (test: "a change committed late ... is still sent"). This does not wait on the oldest
   * running transaction of the whole server, as an xmin watermark would, so a long report elsewhere
   * does not delay sync. One worker fans out at a time (the lock on the one outbox_fanout row), so
   * each partner's queue holds a person's changes in the order they became visible, which for one
   * record is the order its writers committed.
   */
  async fanOut(limit: number): Promise<number> {
    const [row] = returned<{ taken: number }>(
      await this.dataSource.query(
      `WITH fanning AS (SELECT id FROM outbox_fanout FOR UPDATE SKIP LOCKED),
       taken AS (
         DELETE FROM outbox_change c WHERE c.seq IN (
           SELECT seq FROM outbox_change
           WHERE EXISTS (SELECT 1 FROM fanning)
           ORDER BY seq LIMIT $1)
         RETURNING c.*),
       queued AS (
         INSERT INTO partner_delivery (partner_id, change_seq, person_id, resource_type, resource_id, changed_at)
         SELECT p.id, t.seq, t.person_id, t.resource_type, t.resource_id, t.changed_at
         FROM taken t ${PARTNERS_FOR_CHANGE}
         ORDER BY t.seq, p.id
         ON CONFLICT ON CONSTRAINT partner_delivery_once_per_change DO NOTHING
         RETURNING 1)
       UPDATE outbox_fanout f SET fanned_out = fanned_out + (SELECT count(*) FROM taken)
       FROM fanning WHERE f.id = fanning.id
       RETURNING (SELECT count(*) FROM taken)::int AS taken, (SELECT count(*) FROM queued)::int AS queued`,
        [limit],
      ),
    );
    return row?.taken ?? 0;
  }

  /**
   * Claims up to `limit` messages that are due, each the first undelivered message of its person for
   * its partner (so a person's later change never overtakes an earlier one), skipping those another
   * worker holds. A crashed worker's claims come back when their lease expires.
   */
  async claim(limit: number, leaseToken: string, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const result = await this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM partner_delivery d
         JOIN partner_system p ON p.id = d.partner_id AND p.active
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
           AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
           AND NOT EXISTS (
             SELECT 1 FROM partner_delivery e
             WHERE e.partner_id = d.partner_id AND e.person_id = d.person_id AND e.status <> 'DELIVERED' AND e.id < d.id)
         ORDER BY d.next_attempt_at, d.id
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE partner_delivery d
       SET lease_token = $2, lease_expires_at = now() + make_interval(secs => $3), attempts = d.attempts + 1
       FROM due WHERE d.id = due.id
       RETURNING d.id::text, d.partner_id AS "partnerId", d.person_id AS "personId", d.resource_type AS "resourceType",
         d.resource_id AS "resourceId", d.attempts, d.lease_token AS "leaseToken"`,
      [limit, leaseToken, leaseSeconds],
    );
    return returned<ClaimedDelivery>(result);
  }

  /** Marks messages delivered, unless their lease was lost to another worker meanwhile. */
  async delivered(deliveries: ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.dataSource.query(
      `UPDATE partner_delivery d
       SET status = 'DELIVERED', delivered_at = now(), lease_token = NULL, lease_expires_at = NULL, last_error = NULL
       FROM unnest($1::bigint[], $2::uuid[]) AS done (id, lease_token)
       WHERE d.id = done.id AND d.lease_token = done.lease_token`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.leaseToken)],
    );
  }

  /**
   * Hands back messages a worker claimed and did not send (it is shutting down): due again at once
   * for any worker, and the attempt not counted, since the partner never refused it.
   */
  async release(deliveries: ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.dataSource.query(
      `UPDATE partner_delivery d
       SET lease_token = NULL, lease_expires_at = NULL, attempts = greatest(d.attempts - 1, 0)
       FROM unnest($1::bigint[], $2::uuid[]) AS held (id, lease_token)
       WHERE d.id = held.id AND d.lease_token = held.lease_token AND d.status = 'PENDING'`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.leaseToken)],
    );
  }

  /** Schedules another attempt with backoff, or parks the message when it keeps failing. */
  async failed({ delivery, error, httpStatus, permanent, retryInMs }: Failure, maxAttempts: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE partner_delivery
       SET lease_token = NULL, lease_expires_at = NULL, last_error = left($3, 2000), last_http_status = $4,
         status = CASE WHEN $5 OR attempts >= $6 THEN 'PARKED' ELSE 'PENDING' END,
         parked_at = CASE WHEN $5 OR attempts >= $6 THEN now() END,
         next_attempt_at = now() + make_interval(secs => $7::float8 / 1000)
       WHERE id = $1 AND lease_token = $2`,
      [delivery.id, delivery.leaseToken, error, httpStatus ?? null, permanent, maxAttempts, retryInMs],
    );
  }
}
