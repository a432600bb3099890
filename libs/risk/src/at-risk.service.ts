import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { organisationAndBelow, RelationshipsService, screenedPage } from '@app/access';
import type { User } from '@app/access';
import { HandoverReason } from '@app/care-teams';
import { ReplicaReads } from '@app/database';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { today } from '@app/validation';
import { AtRiskArgs, AtRiskPerson, LeadMismatch, LeadMismatchArgs, PracticeRiskSummary } from './at-risk.types';
import { StratificationService } from './stratification.service';
import { toPersonTier } from './stratification.service';

/** What a list row holds of a person, their tier, lead and current plan. */
const ROW_COLUMNS = `
  pt.person_id, p.nhs_number, p.given_name, p.family_name, p.date_of_birth::text AS date_of_birth, p.gp_practice_ods,
  pt.policy_id, sp.name AS policy_name, pt.policy_version, pt.tier_code, t.name AS tier_name, pt.tier_rank, t.case_managed,
  pt.model_code, pt.score::float8 AS score, pt.category, pt.assessed_on::text AS assessed_on,
  pt.percent_above::float8 AS percent_above, pt.threshold, pt.assigned_at, pt.score_order::float8 AS score_order,
  l.professional_id AS lead_id, l.given_name || ' ' || l.family_name AS lead_name, l.profession AS lead_profession,
  cp.status AS plan_status, cp.next_review_date::text AS next_review_date,
  (SELECT count(*) FROM referral r WHERE r.person_id = pt.person_id AND r.closed_at IS NULL)::int AS open_referrals`;

// A row's lead and plan are read person by person (laterals; LIMIT 1 keeps the planner from
// flattening them into joins that hash every lead and plan: there is at most one of each anyway).
const ROW_JOINS = `
  JOIN person p ON p.id = pt.person_id
  JOIN stratification_policy sp ON sp.id = pt.policy_id
  JOIN stratification_tier t ON t.policy_id = pt.policy_id AND t.version = pt.policy_version AND t.code = pt.tier_code
  LEFT JOIN LATERAL (SELECT l.professional_id, lp.given_name, lp.family_name, lp.profession
                     FROM lead_professional l JOIN professional lp ON lp.id = l.professional_id
                     WHERE l.person_id = pt.person_id AND l.ended_at IS NULL LIMIT 1) l ON true
  LEFT JOIN LATERAL (SELECT cp.id, cp.status, cp.next_review_date FROM care_plan cp
                     WHERE cp.person_id = pt.person_id AND cp.status IN ('ACTIVE', 'UNDER_REVIEW') LIMIT 1) cp ON true`;

const toAtRiskPerson = (r: any, asAt: string): AtRiskPerson =>
  Object.assign(new AtRiskPerson(), {
  personId: r.person_id,
  nhsNumber: r.nhs_number,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  gpPracticeOds: r.gp_practice_ods,
  tier: toPersonTier(r),
  lead: r.lead_id ? { professionalId: r.lead_id, name: r.lead_name, profession: r.lead_profession } : null,
  planStatus: r.plan_status,
  nextReviewDate: r.next_review_date,
  reviewOverdue: r.next_review_date !== null && r.next_review_date < asAt,
  openReferrals: r.open_referrals,
  });

/** The statement for a page of the at-risk list, highest score first (the benchmark runs it bare too). */
export function atRiskPageQuery({ organisationOds, policyId, filter, first, after }: AtRiskArgs, asAt: string) {
  filter ??= {}; // null from a client is no filter
  const parameters: unknown[] = [policyId, organisationOds, asAt];
  const where: string[] = [];
  const add = (condition: (p: string) => string, value: unknown) => {
    parameters.push(value);
    where.push(condition(`$${parameters.length}`));
  };
  if (filter.tiers?.length) add((p) => `pt.tier_code = ANY (${p}::text[])`, filter.tiers);
  if (filter.minScore != null) add((p) => `pt.score >= ${p}`, filter.minScore);
  if (filter.maxScore != null) add((p) => `pt.score <= ${p}`, filter.maxScore);
  // Whether someone has a lead or a current plan is kept on their tier (and in the practice's score
  // index), so these filters drop people without reading anything else.
  if (filter.hasLead != null) where.push(`${filter.hasLead ? '' : 'NOT '}pt.has_lead`);
  if (filter.hasActivePlan != null) where.push(`${filter.hasActivePlan ? '' : 'NOT '}pt.has_active_plan`);
  if (filter.lacksLeadOrPlan != null) where.push(`${filter.lacksLeadOrPlan ? 'NOT ' : ''}(pt.has_lead AND pt.has_active_plan)`);
  if (filter.hasOpenReferral != null) {
    where.push(`${filter.hasOpenReferral ? '' : 'NOT '}EXISTS (SELECT 1 FROM referral r WHERE r.person_id = pt.person_id AND r.closed_at IS NULL)`);
  }
  // A review is overdue by today's date, so it is read from the plan itself, only for this filter.
  const reviewJoin = filter.reviewOverdue == null ? '' : `LEFT JOIN care_plan cp ON cp.person_id = pt.person_id AND cp.status IN ('ACTIVE', 'UNDER_REVIEW')`;
  if (filter.reviewOverdue != null) where.push(`${filter.reviewOverdue ? '' : 'NOT '}coalesce(cp.next_review_date < $3::date, false)`);
  if (after) {
    const [scoreOrder, personId] = decodeCursor(after, 2);
    parameters.push(scoreOrder, personId);
    where.push(`(pt.score_order, pt.person_id) > ($${parameters.length - 1}::numeric, $${parameters.length}::uuid)`);
  }
  parameters.push(first + 1);
  const limit = `$${parameters.length}`;
  // Page per practice, then merge: each practice's score range (person_tier_by_practice) is walked
  // only until it has a page of its own, rather than walking the policy's whole population for a
  // page of one PCN's people, or reading every person of the PCN.
  // Only the filters are applied there; the page's rows are then read whole.
  const sql = `SELECT ${ROW_COLUMNS}
    FROM (
      SELECT page.* FROM unnest(ARRAY(${organisationAndBelow('$2')})) AS practice(ods)
      CROSS JOIN LATERAL (
        SELECT pt.person_id, pt.score_order
        FROM person_tier pt ${reviewJoin}
        WHERE pt.policy_id = $1 AND pt.gp_practice_ods = practice.ods AND $3::date IS NOT NULL
          ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY pt.score_order, pt.person_id
        LIMIT ${limit}) page
      ORDER BY page.score_order, page.person_id
      LIMIT ${limit}) page
    JOIN person_tier pt ON pt.person_id = page.person_id AND pt.policy_id = $1 ${ROW_JOINS}
    ORDER BY page.score_order, page.person_id`;
  return { sql, parameters };
}

/**
 * The GP federation's view: a practice's, PCN's or locality's people under a policy, highest score
 * first, filtered by tier, score, lead, plan, review and open referral, one statement a page; and figures per
 * practice. The user covers the organisation listed (the access policy checks it), which may be
 * one practice of a federation's policy; every person on a page is checked and audited, in the
 * statement that reads the page.
 */
@Injectable()
export class AtRiskService {
  constructor(
    private readonly db: DataSource,
    // The list and the figures may lag by the replica's delay; lead mismatches, which handovers
    // are made from, are read from the primary.
    private readonly replica: ReplicaReads,
    private readonly stratification: StratificationService,
    private readonly relationships: RelationshipsService,
  ) {}

  /**
   * A page of the list for `user`, whose operation is `action` in the audit trail. On the primary,
   * the page, the check of each person on it and their audit rows are one statement; a replica
   * cannot write, so there the access interceptor checks and audits the page on the primary.
   */
  async page(args: AtRiskArgs, user: User, action: string): Promise<Page<AtRiskPerson>> {
    const asAt = today();
    const { policyId, first } = args;
    const read = atRiskPageQuery(args, asAt);
    const screened = this.replica.onPrimary;
    const rows = screened
      ? await this.relationships.readScreened(user, { ...read, orderBy: 'score_order, person_id', shown: first, action, entity: AtRiskPerson.name })
      : await this.replica.query(read.sql, read.parameters);
    if (rows.length === 0) await this.stratification.policy(policyId);
    const page = toPage(
      rows.map((r: any) => Object.assign(toAtRiskPerson(r, asAt), { scoreOrder: r.score_order })),
      first,
      (r: AtRiskPerson & { scoreOrder?: number }) => [r.scoreOrder ?? null, r.personId],
    );
    return screened ? screenedPage(page, rows) : page;
  }

  /** People in each tier per practice, and how many of the top tier have a lead and a current plan. */
  async summary(organisationOds: string, policyId: string): Promise<PracticeRiskSummary[]> {
    await this.stratification.policy(policyId);
    const rows = await this.replica.query(
      `WITH counted AS (
         SELECT pt.gp_practice_ods, pt.tier_code, pt.tier_rank, count(*)::int AS people,
                count(*) FILTER (WHERE pt.has_lead)::int AS with_lead, count(*) FILTER (WHERE pt.has_active_plan)::int AS with_plan,
                count(*) FILTER (WHERE pt.has_lead AND pt.has_active_plan)::int AS with_both
         FROM person_tier pt
         WHERE pt.policy_id = $1 AND pt.gp_practice_ods IN (${organisationAndBelow('$2')})
         GROUP BY pt.gp_practice_ods, pt.tier_code, pt.tier_rank
       )
       SELECT o.ods_code, o.name, t.code, t.name AS tier_name, t.rank,
              coalesce(c.people, 0) AS people, coalesce(c.with_lead, 0) AS with_lead,
              coalesce(c.with_plan, 0) AS with_plan, coalesce(c.with_both, 0) AS with_both
       FROM organisation o
       JOIN stratification_policy sp ON sp.id = $1
       JOIN stratification_tier t ON t.policy_id = sp.id AND t.version = sp.version
       LEFT JOIN counted c ON c.gp_practice_ods = o.ods_code AND c.tier_code = t.code
       WHERE o.kind = 'GP_PRACTICE' AND o.ods_code IN (${organisationAndBelow('$2')})
       ORDER BY o.ods_code, t.rank`,
      [policyId, organisationOds],
    );
    const practices = new Map<string, PracticeRiskSummary>();
    for (const r of rows) {
      let practice = practices.get(r.ods_code);
      if (!practice) {
        practice = {
          practiceOds: r.ods_code,
          practiceName: r.name,
          tiers: [],
          topTier: 0,
          topTierWithLead: 0,
          topTierWithActivePlan: 0,
          topTierWithLeadAndPlan: 0,
          shareOfTopTierWithLeadAndPlan: null,
        };
        practices.set(r.ods_code, practice);
      }
      practice.tiers.push({ tier: r.code, tierName: r.tier_name, people: r.people });
      if (r.rank === 1) {
        practice.topTier = r.people;
        practice.topTierWithLead = r.with_lead;
        practice.topTierWithActivePlan = r.with_plan;
        practice.topTierWithLeadAndPlan = r.with_both;
        practice.shareOfTopTierWithLeadAndPlan = r.people === 0 ? null : r.with_both / r.people;
      }
    }
    return [...practices.values()];
  }

  /**
   * People whose lead is not of the kind their tier expects: none in a case-managed tier, another
   * profession, or not in a team of the expected kind. The handover to make says STEP_UP or
   * STEP_DOWN when the person's tier last moved that way.
   */
  async leadMismatches({ organisationOds, policyId, first, after }: LeadMismatchArgs): Promise<Page<LeadMismatch>> {
    const asAt = today();
    const parameters: unknown[] = [policyId, organisationOds, first + 1];
    let cursor = '';
    if (after) {
      const [rank, scoreOrder, personId] = decodeCursor(after, 3);
      parameters.push(rank, scoreOrder, personId);
      cursor = 'AND (pt.tier_rank, pt.score_order, pt.person_id) > ($4::int, $5::numeric, $6::uuid)';
    }
    const rows = await this.db.query(
      `SELECT * FROM (
         SELECT ${ROW_COLUMNS}, t.lead_professions, t.lead_team_kind,
           CASE WHEN l.professional_id IS NULL THEN 'NO_LEAD'
                WHEN NOT l.profession = ANY (t.lead_professions) THEN 'PROFESSION'
                WHEN t.lead_team_kind IS NOT NULL AND NOT EXISTS (
                  SELECT 1 FROM team_member tm JOIN team tk ON tk.id = tm.team_id
                  WHERE tm.professional_id = l.professional_id AND tm.end_date IS NULL AND tk.kind = t.lead_team_kind) THEN 'TEAM'
           END AS mismatch,
           (SELECT c.direction FROM person_tier_change c WHERE c.person_id = pt.person_id AND c.policy_id = pt.policy_id
            ORDER BY c.changed_at DESC, c.id LIMIT 1) AS last_direction
         FROM person_tier pt ${ROW_JOINS}
         WHERE pt.policy_id = $1 AND p.gp_practice_ods IN (${organisationAndBelow('$2')})
           AND cardinality(t.lead_professions) > 0 ${cursor}
       ) m
       WHERE m.mismatch IS NOT NULL AND (m.mismatch <> 'NO_LEAD' OR m.case_managed)
       ORDER BY m.tier_rank, m.score_order, m.person_id
       LIMIT $3`,
      parameters,
    );
    if (rows.length === 0) await this.stratification.policy(policyId);
    return toPage(
      rows.map(
        (r: any): LeadMismatch & { key: (string | number)[] } =>
          Object.assign(new LeadMismatch(), {
          person: toAtRiskPerson(r, asAt),
          expectedProfessions: r.lead_professions,
          expectedTeamKind: r.lead_team_kind,
          mismatch: r.mismatch,
          suggestedReason:
            r.mismatch === 'NO_LEAD'
              ? HandoverReason.ASSIGNED
              : r.last_direction === 'DOWN'
                ? HandoverReason.STEP_DOWN
                : HandoverReason.STEP_UP,
          key: [r.tier_rank, r.score_order, r.person_id],
          }),
      ),
      first,
      (m: LeadMismatch & { key?: (string | number)[] }) => m.key ?? [],
    );
  }
}
