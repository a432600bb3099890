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
 * The partners whose scope covers each person `t.person_id` at fan-out time. Postcode areas match
 * the outward code (`CO4`) or its letters (`CO`), so `CO1` does not match `CO10`.
 */
const PARTNERS_COVERING = `
  JOIN person pe ON pe.id = t.person_id
  JOIN partner_system p ON CASE p.scope_kind
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
 * The order in which a person's record is sent to a partner they are new to: what is referred to
 * first (a CarePlan refers to its Goals, a Task to its ServiceRequest, a Communication to the
 * Encounter it is about).
 */
const SYNC_ORDER = [
  'Patient', 'CareTeam', 'Goal', 'CarePlan', 'ServiceRequest', 'Task', 'RiskAssessment', 'Flag', 'Consent',
  'Encounter', 'EpisodeOfCare', 'Communication',
];

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
   *
   * Scope is decided here too: a person a partner's scope covers for the first time (they moved into
   * the council's area, the trust joined their care team) is remembered in partner_person and queued
   * the rest of their current record (person_fhir_resources), Patient first; one the scope no longer
   * covers is forgotten, and receives nothing more until they come back, except that a trust that
   * leaves their care team is sent the CareTeam that shows it (and a council they move away from
   * is sent nothing: where they went is no longer its business).
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
       people AS (SELECT DISTINCT person_id FROM taken),
       covering AS (SELECT p.id AS partner_id, p.resource_types, t.person_id FROM people t ${PARTNERS_COVERING}),
       entered AS (
         INSERT INTO partner_person (partner_id, person_id) SELECT partner_id, person_id FROM covering
         ON CONFLICT DO NOTHING
         RETURNING partner_id, person_id),
       left_scope AS (
         DELETE FROM partner_person pp USING people t
         WHERE pp.person_id = t.person_id
           AND NOT EXISTS (SELECT 1 FROM covering c WHERE c.partner_id = pp.partner_id AND c.person_id = pp.person_id)
         RETURNING pp.partner_id, pp.person_id),
       -- A trust that leaves someone's care team is sent the CareTeam that shows it left (its period
       -- ended, or the team inactive): the last thing it is sent about them.
       leaving AS (
         SELECT DISTINCT ON (l.partner_id, l.person_id) l.partner_id, t.seq, t.person_id, t.resource_type, t.resource_id, t.changed_at
         FROM left_scope l
         JOIN partner_system p ON p.id = l.partner_id AND p.scope_kind = 'IN_CARE_TEAM' AND 'CareTeam' = ANY (p.resource_types)
         JOIN taken t ON t.person_id = l.person_id AND t.resource_type = 'CareTeam'
         ORDER BY l.partner_id, l.person_id, t.seq DESC),
       changes AS (
         SELECT c.partner_id, t.seq, t.person_id, t.resource_type, t.resource_id, t.changed_at, e.person_id IS NOT NULL AS entering
         FROM taken t
         JOIN covering c ON c.person_id = t.person_id AND t.resource_type = ANY (c.resource_types)
         LEFT JOIN entered e ON e.partner_id = c.partner_id AND e.person_id = c.person_id
         UNION ALL
         -- Someone new to the partner: the rest of their record as it is now.
         SELECT e.partner_id, NULL, r.person_id, r.resource_type, r.resource_id, now(), true
         FROM entered e
         JOIN covering c ON c.partner_id = e.partner_id AND c.person_id = e.person_id
         JOIN person_fhir_resources(ARRAY(SELECT person_id FROM entered)) r
           ON r.person_id = e.person_id AND r.resource_type = ANY (c.resource_types)
         WHERE NOT EXISTS (
           SELECT 1 FROM taken t WHERE t.person_id = r.person_id AND t.resource_type = r.resource_type AND t.resource_id = r.resource_id)
         UNION ALL
         SELECT partner_id, seq, person_id, resource_type, resource_id, changed_at, false FROM leaving),
       queued AS (
         INSERT INTO partner_delivery (partner_id, change_seq, person_id, resource_type, resource_id, changed_at)
         SELECT partner_id, coalesce(seq, nextval(pg_get_serial_sequence('outbox_change', 'seq'))), person_id, resource_type,
           resource_id, changed_at
         FROM changes
         -- A person's changes in the order they were made; someone entering gets the Patient before what refers to it.
         ORDER BY CASE WHEN entering THEN coalesce(array_position($2::text[], resource_type), 99) ELSE 0 END, seq NULLS LAST, partner_id
         ON CONFLICT ON CONSTRAINT partner_delivery_once_per_change DO NOTHING
         RETURNING 1)
       UPDATE outbox_fanout f SET fanned_out = fanned_out + (SELECT count(*) FROM taken)
       FROM fanning WHERE f.id = fanning.id
       RETURNING (SELECT count(*) FROM taken)::int AS taken, (SELECT count(*) FROM queued)::int AS queued,
         (SELECT count(*) FROM left_scope)::int AS "leftScope"`,
        [limit, SYNC_ORDER],
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
   * Deletes up to `limit` messages delivered more than `olderThanDays` ago (oldest first), and
   * returns how many. Undelivered and parked messages are never pruned; nor is anything the
   * queue's order depends on, since only undelivered messages hold others back.
   */
  async prune(olderThanDays: number, limit: number): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM partner_delivery WHERE id IN (
         SELECT id FROM partner_delivery
         WHERE status = 'DELIVERED' AND delivered_at < now() - make_interval(days => $1)
         ORDER BY delivered_at, id LIMIT $2)
       RETURNING 1`,
      [olderThanDays, limit],
    );
    return returned(result).length;
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
