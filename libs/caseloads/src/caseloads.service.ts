import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RelationshipsService, screenedPage } from '@app/access';
import type { User } from '@app/access';
import { professionalNotFound, teamNotFound } from '@app/organisations';
import { decodeCursor, toPage } from '@app/pagination';
import { today } from '@app/validation';
import { CaseloadArgs, CaseloadEntry, CaseloadPage } from './caseload.types';

/**
 * Who is on a caseload: for a professional, the people they lead and those whose care team they
 * are in; for a team, the people whose care team it is in and those its members lead. $1 the
 * professional or team.
 */
const PROFESSIONAL_CASELOAD = `
  SELECT person_id, bool_or(leads) AS leads FROM (
    SELECT l.person_id, true AS leads FROM lead_professional l WHERE l.professional_id = $1 AND l.ended_at IS NULL
    UNION ALL
    SELECT m.person_id, false FROM care_team_member m WHERE m.professional_id = $1 AND m.end_date IS NULL
  ) c GROUP BY person_id`;
const TEAM_CASELOAD = `
  SELECT person_id, bool_or(leads) AS leads FROM (
    SELECT l.person_id, true AS leads FROM lead_professional l
    JOIN team_member tm ON tm.professional_id = l.professional_id AND tm.team_id = $1 AND tm.end_date IS NULL
    WHERE l.ended_at IS NULL
    UNION ALL
    SELECT m.person_id, false FROM care_team_member m WHERE m.team_id = $1 AND m.end_date IS NULL
  ) c GROUP BY person_id`;

const HEADER = {
  professional: `SELECT p.given_name || ' ' || p.family_name AS owner, p.caseload_capacity AS capacity FROM professional p WHERE p.id = $1`,
  team: `SELECT t.name AS owner, (SELECT sum(pr.caseload_capacity)::int FROM team_member tm JOIN professional pr ON pr.id = tm.professional_id
                                  WHERE tm.team_id = t.id AND tm.end_date IS NULL) AS capacity
         FROM team t WHERE t.id = $1`,
};

/**
 * One page, in one statement whatever its size: the page's people are chosen first (by name, from
 * the caseload), then each is given their highest tier, current plan and the latest of their
 * handovers, plan versions and tier changes (each read by an index on the person), so a long
 * caseload pays those look-ups for a page only; the owner, capacity and the caseload's totals are
 * beside every row (a round trip fewer than reading them apart).
 */
const pageSql = (caseload: string, header: string, cursor: string) => `
  WITH caseload AS MATERIALIZED (${caseload}),
  page AS (
    SELECT p.id, p.nhs_number, p.given_name, p.family_name, c.leads
    FROM caseload c JOIN person p ON p.id = c.person_id
    WHERE true ${cursor}
    ORDER BY p.family_name, p.given_name, p.id
    LIMIT $2
  )
  SELECT p.id AS person_id, p.nhs_number, p.given_name, p.family_name, p.leads,
         tier.tier_code, tier.tier_name, tier.score, cp.status AS plan_status, cp.next_review_date::text AS next_review_date,
         (SELECT count(*) FROM referral r WHERE r.person_id = p.id AND r.closed_at IS NULL)::int AS open_referrals,
         event.kind AS event_kind, event.at AS event_at, event.description AS event_description,
         (SELECT count(*) FROM caseload)::int AS people, (SELECT count(*) FILTER (WHERE leads) FROM caseload)::int AS leading,
         h.owner, h.capacity
  FROM page p
  CROSS JOIN (${header}) h
  LEFT JOIN LATERAL (
    SELECT pt.tier_code, t.name AS tier_name, pt.score::float8 AS score FROM person_tier pt
    JOIN stratification_tier t ON t.policy_id = pt.policy_id AND t.version = pt.policy_version AND t.code = pt.tier_code
    WHERE pt.person_id = p.id ORDER BY pt.tier_rank, pt.policy_id LIMIT 1) tier ON true
  LEFT JOIN care_plan cp ON cp.person_id = p.id AND cp.status IN ('ACTIVE', 'UNDER_REVIEW')
  LEFT JOIN LATERAL (
    SELECT * FROM (
      (SELECT 'LEAD_HANDOVER' AS kind, h.handed_over_at AS at, 'Lead ' || lower(replace(h.reason, '_', ' ')) AS description
       FROM lead_handover h WHERE h.person_id = p.id ORDER BY h.handed_over_at DESC LIMIT 1)
      UNION ALL
      (SELECT 'CARE_PLAN', v.saved_at, 'Plan version ' || v.version || ': ' || v.change
       FROM care_plan_version v WHERE v.person_id = p.id ORDER BY v.saved_at DESC LIMIT 1)
      UNION ALL
      (SELECT 'TIER_CHANGE', c.changed_at, coalesce(c.from_tier, 'no tier') || ' to ' || coalesce(c.to_tier, 'no tier')
       FROM person_tier_change c WHERE c.person_id = p.id ORDER BY c.changed_at DESC LIMIT 1)
    ) e ORDER BY e.at DESC LIMIT 1) event ON true
  ORDER BY p.family_name, p.given_name, p.id`;

/** The statement for a page of a caseload, in name order (the benchmark runs it bare too). */
export function caseloadPageQuery({ professionalId, teamId, first, after }: CaseloadArgs) {
  const forTeam = professionalId === undefined;
  const parameters: unknown[] = [forTeam ? teamId : professionalId, first + 1];
  let cursor = '';
  if (after) {
    const [familyName, givenName, id] = decodeCursor(after, 3);
    parameters.push(familyName, givenName, id);
    cursor = 'AND (p.family_name, p.given_name, p.id) > ($3, $4, $5::uuid)';
  }
  return { sql: pageSql(forTeam ? TEAM_CASELOAD : PROFESSIONAL_CASELOAD, forTeam ? HEADER.team : HEADER.professional, cursor), parameters };
}

/** A professional's or team's caseload: capacity, load, and the people on it a page at a time. */
@Injectable()
export class CaseloadsService {
  constructor(
    private readonly db: DataSource,
    private readonly relationships: RelationshipsService,
  ) {}

  /** A page for `user`, whose operation is `action` in the audit trail: read, checked and audited in one statement. */
  async page({ professionalId, teamId, first, after }: CaseloadArgs, user: User, action: string): Promise<CaseloadPage> {
    const forTeam = professionalId === undefined;
    const ownerId = (forTeam ? teamId : professionalId)!;
    const read = caseloadPageQuery({ professionalId, teamId, first, after });
    const rows = await this.relationships.readScreened<any>(user, {
      ...read,
      orderBy: 'family_name, given_name, person_id',
      shown: first,
      action,
      entity: CaseloadEntry.name,
    });
    // An empty page still knows the owner and the totals: they are read apart only then.
    const [header] = rows.length
      ? rows
      : await this.db.query(
          `WITH caseload AS (${forTeam ? TEAM_CASELOAD : PROFESSIONAL_CASELOAD})
           SELECT h.owner, h.capacity, (SELECT count(*) FROM caseload)::int AS people,
                  (SELECT count(*) FILTER (WHERE leads) FROM caseload)::int AS leading
           FROM (${forTeam ? HEADER.team : HEADER.professional}) h`,
          [ownerId],
        );
    if (!header) throw forTeam ? teamNotFound(ownerId, 'teamId') : professionalNotFound(ownerId, 'professionalId');
    const asAt = today();
    const entries = rows.map((r: any) =>
      Object.assign(new CaseloadEntry(), {
        personId: r.person_id,
        nhsNumber: r.nhs_number,
        givenName: r.given_name,
        familyName: r.family_name,
        relationship: r.leads ? 'LEAD' : 'CARE_TEAM',
        tier: r.tier_code,
        tierName: r.tier_name,
        score: r.score,
        planStatus: r.plan_status,
        nextReviewDate: r.next_review_date,
        reviewOverdue: r.next_review_date !== null && r.next_review_date < asAt,
        openReferrals: r.open_referrals,
        lastEvent: r.event_kind ? { kind: r.event_kind, at: r.event_at, description: r.event_description } : null,
      }),
    );
    const page = screenedPage(toPage<CaseloadEntry>(entries, first, (e) => [e.familyName, e.givenName, e.personId]), rows);
    return {
      owner: header.owner,
      capacity: header.capacity,
      leading: header.leading,
      people: header.people,
      load: header.capacity ? header.leading / header.capacity : null,
      ...page,
    };
  }
}
