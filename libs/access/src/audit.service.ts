import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditOutcome } from './audit-event.entity';
import { User } from './user';

export interface AuditEntry {
  personId: string | null;
  action: string;
  entity: string;
  outcome: AuditOutcome;
  basis: string | null;
}

/** The columns of an audit row: first the user's six (auditUserParams), then the person's five. */
export const AUDIT_INSERT = `INSERT INTO audit_event (user_subject, user_name, professional_id, organisation_ods, roles, purpose,
                                person_id, action, entity, outcome, basis)`;

/** The user's columns of an audit row, in the order of AUDIT_INSERT. */
export const auditUserParams = (user: User) => [
  user.subject,
  user.name,
  user.professionalId,
  user.organisationOds,
  user.roles,
  user.purpose,
];

/** Writes the audit trail: one row per person per access, all of a request's rows in one statement. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  /** Pass `db` to write the trail in the same transaction as the change it records. */
  async record(user: User, entries: AuditEntry[], db: EntityManager | DataSource = this.db): Promise<void> {
    if (entries.length === 0) return;
    await db.query(
      `${AUDIT_INSERT}
       SELECT $1, $2, $3, $4, $5, $6, e.person_id, e.action, e.entity, e.outcome, e.basis
       FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[])
            AS e (person_id, action, entity, outcome, basis)`,
      [
        ...auditUserParams(user),
        entries.map((e) => e.personId),
        entries.map((e) => e.action),
        entries.map((e) => e.entity),
        entries.map((e) => e.outcome),
        entries.map((e) => e.basis),
      ],
    );
  }
}
