import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RelationshipBasis } from './activity';
import { AUDIT_INSERT, auditUserParams } from './audit.service';
import { organisationAndBelow } from './organisation-scope';
import { PersonLocator } from './policy';
import { User } from './user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the statements below find the user (their professional id, organisation's ODS code, token subject) and the people asked about. */
interface Placeholders {
  professional: string;
  organisation: string;
  subject: string;
  people: string;
}

/**
 * Legitimate relationships between users and people, decided in SQL so that a page of people is
 * checked in one statement. A user may see a person who:
 *  - has opened their record by break glass, still in time (this overrides dissent);
 *  - otherwise, unless the person dissents to sharing with the user's organisation (or with
 *    everyone outside their GP practice), is led by them, has them in their care team, has in
 *    their care team a team they belong to or the organisation they work for, or is registered
 *    at their organisation's practice(s): the practice itself, or a PCN or locality above it;
 *  - or has a referral that a team they belong to has claimed or accepted, or completed in the last
 *    30 days (REFERRAL_TEAM); an open referral in their team's queue, or received by a single point
 *    of referral their organisation runs (REFERRAL_TRIAGE: enough to triage, route and claim it);
 *    or one they sent, while it is open and for 30 days after it closes (REFERRER).
 */
// OFFSET 0 keeps the referral checks per person (an index lookup each) rather than hashed over
// every open referral of the organisation, which the planner otherwise prefers.
const basesSql = ({ professional, organisation, subject, people }: Placeholders) => `
  SELECT t.id AS person_id,
    CASE
      WHEN EXISTS (SELECT 1 FROM break_glass b
                   WHERE b.person_id = t.id AND b.user_subject = ${subject} AND b.expires_at > now()) THEN 'BREAK_GLASS'
      WHEN EXISTS (SELECT 1 FROM sharing_dissent d
                   WHERE d.person_id = t.id AND d.withdrawn_at IS NULL
                     AND (d.organisation_ods = ${organisation} OR (d.organisation_ods IS NULL AND t.gp_practice_ods IS DISTINCT FROM ${organisation})))
        THEN NULL
      WHEN EXISTS (SELECT 1 FROM lead_professional l
                   WHERE l.person_id = t.id AND l.ended_at IS NULL AND l.professional_id = ${professional}) THEN 'LEAD_PROFESSIONAL'
      WHEN EXISTS (SELECT 1 FROM care_team_member m
                   WHERE m.person_id = t.id AND m.end_date IS NULL AND m.professional_id = ${professional}) THEN 'CARE_TEAM'
      WHEN EXISTS (SELECT 1 FROM care_team_member m
                   JOIN team_member tm ON tm.team_id = m.team_id AND tm.end_date IS NULL AND tm.professional_id = ${professional}
                   WHERE m.person_id = t.id AND m.end_date IS NULL) THEN 'TEAM_CASELOAD'
      WHEN EXISTS (SELECT 1 FROM referral r
                   JOIN team_member tm ON tm.team_id = r.team_id AND tm.end_date IS NULL AND tm.professional_id = ${professional}
                   WHERE r.person_id = t.id AND (r.status IN ('CLAIMED','ACCEPTED')
                     OR r.status = 'COMPLETED' AND r.closed_at > now() - interval '30 days')) THEN 'REFERRAL_TEAM'
      WHEN EXISTS (SELECT 1 FROM care_team_member m
                   WHERE m.person_id = t.id AND m.end_date IS NULL
                     AND m.organisation_id = (SELECT o.id FROM organisation o WHERE o.ods_code = ${organisation})) THEN 'CARE_TEAM_ORGANISATION'
      WHEN t.gp_practice_ods IN (${organisationAndBelow(organisation)}) THEN 'GP_PRACTICE'
      WHEN EXISTS (SELECT 1 FROM referral r WHERE r.person_id = t.id AND r.closed_at IS NULL AND (
                     r.team_id IN (SELECT tm.team_id FROM team_member tm WHERE tm.professional_id = ${professional} AND tm.end_date IS NULL)
                     OR r.spoa_organisation_id IN (
                       SELECT s.id FROM organisation s WHERE s.ods_code IN (${organisationAndBelow(organisation)})))
                   OFFSET 0) THEN 'REFERRAL_TRIAGE'
      WHEN EXISTS (SELECT 1 FROM referral r WHERE r.person_id = t.id AND r.sent_by = ${subject}
                     AND (r.closed_at IS NULL OR r.closed_at > now() - interval '30 days') OFFSET 0) THEN 'REFERRER'
    END AS basis
  FROM person t
  WHERE ${people}`;
const BASES_SQL = basesSql({ professional: '$2', organisation: '$3', subject: '$4', people: 't.id = ANY($1::uuid[])' });

/**
 * The people a user may have a relationship with, found from the user's side (their leads, care
 * teams, teams, organisation's practices, referrals and break glass), each branch from an index.
 * Those who dissent are among them: each record read is still screened by basesSql, which decides.
 */
const candidatesSql = ({ professional, organisation, subject }: Omit<Placeholders, 'people'>) => `
  SELECT l.person_id FROM lead_professional l WHERE l.professional_id = ${professional} AND l.ended_at IS NULL
  UNION SELECT m.person_id FROM care_team_member m WHERE m.professional_id = ${professional} AND m.end_date IS NULL
  UNION SELECT m.person_id FROM care_team_member m
    JOIN team_member tm ON tm.team_id = m.team_id AND tm.professional_id = ${professional} AND tm.end_date IS NULL
    WHERE m.end_date IS NULL
  UNION SELECT m.person_id FROM care_team_member m
    WHERE m.organisation_id = (SELECT o.id FROM organisation o WHERE o.ods_code = ${organisation}) AND m.end_date IS NULL
  UNION SELECT p.id FROM person p WHERE p.gp_practice_ods IN (${organisationAndBelow(organisation)})
  UNION SELECT r.person_id FROM referral r
    JOIN team_member tm ON tm.team_id = r.team_id AND tm.professional_id = ${professional} AND tm.end_date IS NULL
    WHERE r.closed_at IS NULL OR r.closed_at > now() - interval '30 days'
  UNION SELECT r.person_id FROM referral r
    WHERE r.closed_at IS NULL AND r.spoa_organisation_id IN (SELECT s.id FROM organisation s WHERE s.ods_code IN (${organisationAndBelow(organisation)}))
  UNION SELECT r.person_id FROM referral r WHERE r.sent_by = ${subject} AND (r.closed_at IS NULL OR r.closed_at > now() - interval '30 days')
  UNION SELECT b.person_id FROM break_glass b WHERE b.user_subject = ${subject} AND b.expires_at > now()`;

/**
 * The people the user may have a relationship with, as SQL for a query builder (named
 * parameters): what a search of records that names nobody looks among, rather than everyone's.
 */
export function peopleOfUser(user: User): { sql: string; parameters: Record<string, unknown> } {
  return {
    sql: candidatesSql({ professional: ':relProfessional', organisation: ':relOrganisation', subject: ':relSubject' }),
    parameters: { relProfessional: user.professionalId, relOrganisation: user.organisationOds, relSubject: user.subject },
  };
}

/** A read for readScreened: a SELECT ($1... in `parameters`) whose rows each have a person_id. */
interface ScreenedRead {
  sql: string;
  parameters: unknown[];
  /** The rows' order, over the read's columns: `score_order, person_id`. */
  orderBy: string;
  /** How many of the first rows the user is shown. */
  shown: number;
  /** For the audit: the operation (Query.atRiskPeople) and what each row is (AtRiskPerson). */
  action: string;
  entity: string;
}

/**
 * The audit rows of the people in `reads` (person_id, action and entity, aliased e), permitted on
 * their relationship in the CTE `bases` or refused; `user` are the placeholders of auditUserParams.
 */
const auditReadsSql = (user: string[], reads: string) => `
  ${AUDIT_INSERT}
  SELECT ${user.join(', ')}, e.person_id, e.action, e.entity,
         CASE WHEN b.basis IS NULL THEN 'REFUSED' ELSE 'PERMITTED' END, coalesce(b.basis, 'NO_RELATIONSHIP')
  FROM ${reads} LEFT JOIN bases b ON b.person_id = e.person_id`;

@Injectable()
export class RelationshipsService {
  constructor(private readonly db: DataSource) {}

  /**
   * For each person the user may see, why; people they may not see are absent. One statement.
   * Pass `db` to read inside a transaction (what it has written so far counts).
   */
  async basesFor(user: User, personIds: string[], db: Pick<EntityManager, 'query'> = this.db): Promise<Map<string, RelationshipBasis>> {
    if (personIds.length === 0) return new Map();
    const rows: { person_id: string; basis: RelationshipBasis | null }[] = await db.query(BASES_SQL, [
      [...new Set(personIds)],
      user.professionalId,
      user.organisationOds,
      user.subject,
    ]);
    return new Map(rows.filter((r) => r.basis !== null).map((r) => [r.person_id, r.basis as RelationshipBasis]));
  }

  /**
   * basesFor, writing in the same statement one audit row per person read: permitted on the
   * relationship found, or refused. One round trip and one commit for a whole page.
   */
  async screenAndAudit(user: User, reads: { personId: string; action: string; entity: string }[]): Promise<Map<string, RelationshipBasis>> {
    if (reads.length === 0) return new Map();
    const rows: { person_id: string; basis: RelationshipBasis | null }[] = await this.db.query(
      `WITH bases AS (${BASES_SQL}),
       audited AS (${auditReadsSql(['$5', '$6', '$7', '$8', '$9', '$10'], 'unnest($11::uuid[], $12::text[], $13::text[]) AS e (person_id, action, entity)')})
       SELECT person_id, basis FROM bases`,
      [
        [...new Set(reads.map((r) => r.personId))],
        user.professionalId,
        user.organisationOds,
        user.subject,
        ...auditUserParams(user),
        reads.map((r) => r.personId),
        reads.map((r) => r.action),
        reads.map((r) => r.entity),
      ],
    );
    return new Map(rows.filter((r) => r.basis !== null).map((r) => [r.person_id, r.basis as RelationshipBasis]));
  }

  /**
   * Runs a read of people's records with its check and audit in the same statement: one round
   * trip and one commit, where screenAndAudit after the read would be a second of each. The rows
   * the user is shown (the first `shown` in `orderBy`'s order; a page's look-ahead row is not
   * shown) are checked and audited as screenAndAudit does. Each row comes back with the
   * relationship that allows it as access_basis: null for a person the user may not see, whom the
   * caller leaves out, and for rows not shown. Only on the primary: the audit is a write.
   */
  async readScreened<T extends { person_id: string }>(user: User, read: ScreenedRead): Promise<(T & { access_basis: RelationshipBasis | null })[]> {
    const after = read.parameters.length;
    const $ = (n: number) => `$${after + n}`;
    return this.db.query(
      `WITH read AS (${read.sql}),
       shown AS (SELECT DISTINCT r.person_id, ${$(10)}::text AS action, ${$(11)}::text AS entity
                 FROM (SELECT person_id FROM read ORDER BY ${read.orderBy} LIMIT ${$(12)}) r),
       bases AS (${basesSql({ professional: $(1), organisation: $(2), subject: $(3), people: 't.id IN (SELECT person_id FROM shown)' })}),
       audited AS (${auditReadsSql([4, 5, 6, 7, 8, 9].map($), 'shown e')})
       SELECT read.*, b.basis AS access_basis FROM read LEFT JOIN bases b ON b.person_id = read.person_id
       ORDER BY ${read.orderBy}`,
      [
        ...read.parameters,
        user.professionalId,
        user.organisationOds,
        user.subject,
        ...auditUserParams(user),
        read.action,
        read.entity,
        read.shown,
      ],
    );
  }

  /** Whether an organisation (by ODS code) is the user's own or one under it, for population queries. */
  async coversOrganisation(user: User, odsCode: string): Promise<boolean> {
    if (!user.organisationOds) return false;
    if (odsCode === user.organisationOds) return true;
    const [row] = await this.db.query(
      `SELECT $2 IN (${organisationAndBelow('$1')}) AS covered`,
      [user.organisationOds, odsCode],
    );
    return row.covered === true;
  }

  /** The id of the person an operation names, or null if there is none (the resolver then says so). */
  async locate(locator: PersonLocator): Promise<string | null> {
    const located = locatingSql(locator);
    if (!located) return null;
    const [row] = await this.db.query(located.sql, [located.key]);
    return row?.id ?? null;
  }

  /**
   * locate and basesFor in one statement (one round trip: the guard's whole check of a person):
   * the person an operation names, and the user's relationship with them, if any.
   */
  async locateWithBasis(user: User, locator: PersonLocator): Promise<{ personId: string | null; basis: RelationshipBasis | null }> {
    const located = locatingSql(locator);
    if (!located) return { personId: null, basis: null };
    const [row]: { person_id: string; basis: RelationshipBasis | null }[] = await this.db.query(
      BASES_SQL.replace('t.id = ANY($1::uuid[])', `t.id = (${located.sql})`),
      [located.key, user.professionalId, user.organisationOds, user.subject],
    );
    return { personId: row?.person_id ?? null, basis: row?.basis ?? null };
  }
}

/** The statement that finds the id of the person a locator names, with its value as $1. */
function locatingSql(locator: PersonLocator): { sql: string; key: string } | null {
  const [column, value] = Object.entries(locator)[0] as [keyof PersonLocator, unknown];
  if (typeof value !== 'string') return null;
  const sql = {
    nhsNumber: 'SELECT id FROM person WHERE nhs_number = $1',
    personId: 'SELECT id FROM person WHERE id = $1::uuid',
    careTeamMemberId: 'SELECT person_id AS id FROM care_team_member WHERE id = $1::uuid',
    sharingDissentId: 'SELECT person_id AS id FROM sharing_dissent WHERE id = $1::uuid',
    carePlanId: 'SELECT person_id AS id FROM care_plan WHERE id = $1::uuid',
    mdtNominationId: 'SELECT person_id AS id FROM mdt_nomination WHERE id = $1::uuid',
    referralId: 'SELECT person_id AS id FROM referral WHERE id = $1::uuid',
    partnerDeliveryId: 'SELECT person_id AS id FROM partner_delivery WHERE id = $1::bigint',
  }[column];
  // Arguments are not validated yet: an NHS number is matched as its digits, and anything that
  // is not a uuid matches nobody rather than upsetting the query.
  const key = column === 'nhsNumber' ? value.replace(/[\s-]/g, '') : value;
  const shape = column === 'partnerDeliveryId' ? /^[1-9]\d{0,17}$/ : UUID;
  if (column !== 'nhsNumber' && !shape.test(key)) return null;
  return { sql, key };
}
