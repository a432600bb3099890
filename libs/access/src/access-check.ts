import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/errors';
import { Activity, RelationshipBasis } from './activity';
import { AuditOutcome } from './audit-event.entity';
import { AuditEntry, AuditService } from './audit.service';
import { findPersonLevel } from './person-level';
import { RelationshipsService } from './relationships.service';
import { User } from './user';

export const notAuthorised = (message: string) => new DomainError('NOT_AUTHORISED', message);

const audited = new WeakSet<object>();

/**
 * Marks a result, and the person-level records inside it, as checked and audited already: a change
 * in its own transaction, a read in the statement that read it (RelationshipsService.readScreened),
 * so that the interceptor does not do it again in a statement of its own.
 */
export function alreadyAudited<T extends object>(value: T): T {
  audited.add(value);
  for (const record of findPersonLevel(value).keys()) audited.add(record);
  return value;
}

export const isAlreadyAudited = (value: object) => audited.has(value);

/**
 * A page whose rows RelationshipsService.readScreened read, checked and audited: the people the
 * user may not see are left out, as the interceptor would, and the rest marked already audited.
 */
export function screenedPage<P extends { nodes: { personId: string }[] }>(page: P, rows: { person_id: string; access_basis: string | null }[]): P {
  const permitted = new Set(rows.filter((r) => r.access_basis !== null).map((r) => r.person_id));
  return alreadyAudited({ ...page, nodes: page.nodes.filter((node) => permitted.has(node.personId)) });
}

/** One person-level record an operation read or changed. */
export interface PersonRecord {
  personId: string;
  /** What it is: Person, CareTeamMember, Patient, CarePlan... */
  entity: string;
}

/**
 * The access rules as calls, for GraphQL (through the guard and the interceptor) and for the FHIR
 * API (which checks each resource of a search or a bundle itself): the activity, the legitimate
 * relationship to the person, and the audit row for every read and change of a person's record.
 */
@Injectable()
export class AccessCheck {
  constructor(
    private readonly relationships: RelationshipsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Refuses (NOT_AUTHORISED) unless the user's roles grant the activity and, when the operation
   * names a person, the user has a legitimate relationship with them; a refusal about a person is
   * audited. Gives the relationship that allows it. `found` is the relationship when the caller
   * has read it already (null: none), which saves reading it again.
   */
  async authorise(
    user: User,
    activity: Activity,
    action: string,
    person?: PersonRecord,
    found?: RelationshipBasis | null,
  ): Promise<RelationshipBasis | undefined> {
    const refuse = async (message: string, basis: string) => {
      if (person) {
        await this.audit.record(user, [{ ...person, action, outcome: AuditOutcome.REFUSED, basis }]);
      }
      return notAuthorised(message);
    };
    if (!user.activities.has(activity)) {
      throw await refuse(`Your roles (${user.roles.join(', ') || 'none'}) do not allow ${activity}`, `NO_ACTIVITY:${activity}`);
    }
    if (!person) return undefined;
    const basis = found !== undefined ? found : (await this.relationships.basesFor(user, [person.personId])).get(person.personId);
    if (!basis) {
      throw await refuse(
        'You have no legitimate relationship with this person (care team, lead, caseload, referral or GP practice), ' +
          'or they have dissented to sharing with your organisation. In an emergency, use breakGlass with a reason.',
        'NO_RELATIONSHIP',
      );
    }
    return basis;
  }

  /**
   * Which of the records read the user may see (a map from person to the relationship that allows
   * it), with one audit row per person, permitted or refused. `known` saves the lookup for a person
   * already checked. One statement for both the relationships and the audit.
   */
  async screenReads(
    user: User,
    action: string,
    records: PersonRecord[],
    known?: { personId: string; basis: RelationshipBasis },
  ): Promise<Map<string, RelationshipBasis>> {
    const entityOf = new Map<string, string>();
    for (const { personId, entity } of records) if (!entityOf.has(personId)) entityOf.set(personId, entity);
    const personIds = [...entityOf.keys()];
    if (personIds.length === 0) return new Map();
    if (!(known && personIds.length === 1 && personIds[0] === known.personId)) {
      return this.relationships.screenAndAudit(
        user,
        personIds.map((personId) => ({ personId, action, entity: entityOf.get(personId)! })),
      );
    }
    const { personId, basis } = known;
    await this.audit.record(user, [{ personId, action, entity: entityOf.get(personId)!, outcome: AuditOutcome.PERMITTED, basis }]);
    return new Map([[personId, basis]]);
  }

  /**
   * Audits changes the user was allowed to make: on the relationship found, or as the one who
   * recorded them. Pass `db` to audit in the transaction that makes the changes.
   */
  async recordChanges(
    user: User,
    action: string,
    records: (PersonRecord & { basis?: string })[],
    db?: EntityManager,
  ): Promise<void> {
    const seen = new Set<string>();
    const entries: AuditEntry[] = [];
    for (const { personId, entity, basis } of records) {
      if (seen.has(personId)) continue;
      seen.add(personId);
      entries.push({ personId, action, entity, outcome: AuditOutcome.PERMITTED, basis: basis ?? 'RECORDED_BY_USER' });
    }
    await this.audit.record(user, entries, db);
  }
}
