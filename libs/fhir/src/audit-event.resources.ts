import { Injectable } from '@nestjs/common';
import { Activity } from '@app/access';
import { AuditRow, toFhirAuditEvent } from './audit-event.fhir';
import { namingOne, referenceParam } from './entity-resources';
import { SqlResources } from './sql-resources';

/**
 * The audit trail of people's records as AuditEvents (read-only; rows about no one are not served).
 * Reading it needs VIEW_AUDIT_TRAIL and a legitimate relationship with the person, like any part
 * of their record, and is audited in turn. Searched by patient (or entity) and _lastUpdated (when
 * it happened), in that order by keyset: one statement a page, on the person's index.
 */
@Injectable()
export class AuditEventResources extends SqlResources<AuditRow> {
  readonly type = 'AuditEvent';
  readonly readActivity = Activity.VIEW_AUDIT_TRAIL;
  protected readonly idType = 'bigint';
  protected readonly params = [
    namingOne(referenceParam('patient', 'Patient', 'q."personId"')),
    { ...namingOne(referenceParam('entity', 'Patient', 'q."personId"')), documentation: 'Patient/<id>: the person whose record it was' },
    referenceParam('agent', 'Practitioner', 'q."professionalId"'),
  ];
  protected readonly source = `
    SELECT a.id, a.person_id AS "personId", pe.nhs_number AS "nhsNumber", a.occurred_at AS "lastUpdated",
      a.user_subject AS "userSubject", a.user_name AS "userName", a.professional_id AS "professionalId",
      a.organisation_ods AS "organisationOds", a.roles, a.purpose, a.action, a.entity, a.outcome, a.basis
    FROM audit_event a
    LEFT JOIN person pe ON pe.id = a.person_id
    WHERE a.person_id IS NOT NULL`;
  protected toFhir = toFhirAuditEvent;
}
