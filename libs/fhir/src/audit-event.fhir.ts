import type { AuditEvent, AuditEventAgent, Coding } from '@medplum/fhirtypes';
import {
  AUDIT_OPERATION_SYSTEM,
  JOB_ROLE_SYSTEM,
  NHS_NUMBER_SYSTEM,
  ODS_ORGANISATION_SYSTEM,
  PURPOSE_OF_USE_SYSTEM,
  RECORD_PART_SYSTEM,
  RELATIONSHIP_BASIS_SYSTEM,
  TOKEN_SUBJECT_SYSTEM,
} from './uk-core';

/** One row of the audit trail of a person's record, as the AuditEvent source reads it. */
export interface AuditRow {
  id: string;
  personId: string;
  nhsNumber: string | null;
  /** When it happened. */
  lastUpdated: Date;
  userSubject: string;
  userName: string;
  professionalId: string | null;
  organisationOds: string | null;
  roles: string[];
  /** DIRECT_CARE unless the user said otherwise; BREAK_GLASS for an emergency opening. */
  purpose: string;
  /** The operation: Query.person, Mutation.updatePerson, FHIR read CarePlan, FHIR transaction... */
  action: string;
  /** The part of the record: Person, CareTeamMember, CarePlan... */
  entity: string;
  outcome: 'PERMITTED' | 'REFUSED';
  /** The relationship that allowed it (CARE_TEAM, "BREAK_GLASS: <reason>"...), or why it was refused. */
  basis: string | null;
}

type Action = NonNullable<AuditEvent['action']>;

/** Reads, creates and updates by the operation's name; anything else (a transaction, break glass) executes. */
export function actionOf(operation: string): Action {
  if (/^FHIR (read|vread|search|history)\b/.test(operation) || operation.startsWith('Query.')) return 'R';
  if (/^FHIR create\b/.test(operation) || /^Mutation\.(create|register|add|send|record|load|nominate)[A-Z]/.test(operation)) return 'C';
  if (/^FHIR update\b/.test(operation) || (operation.startsWith('Mutation.') && operation !== 'Mutation.breakGlass')) return 'U';
  return 'E';
}

/** Purposes of use that HL7 names (treatment, emergency treatment); others are the service's own codes. */
const ACT_REASON: Record<string, Coding> = {
  DIRECT_CARE: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' },
  BREAK_GLASS: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' },
};

const purposeOf = (row: AuditRow): Coding => ACT_REASON[row.purpose] ?? { system: PURPOSE_OF_USE_SYSTEM, code: row.purpose };

function agentsOf(row: AuditRow): AuditEventAgent[] {
  const [basis, ...reason] = (row.basis ?? '').split(': ');
  const system = row.professionalId === null && row.roles.includes('PARTNER_SYSTEM');
  const user: AuditEventAgent = {
    type: {
      coding: [
        system
          ? { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110150', display: 'Application' }
          : { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' },
      ],
    },
    ...(row.roles.length ? { role: [{ coding: row.roles.map((code) => ({ system: JOB_ROLE_SYSTEM, code })) }] } : {}),
    who: row.professionalId
      ? { reference: `Practitioner/${row.professionalId}`, display: row.userName }
      : { identifier: { system: TOKEN_SUBJECT_SYSTEM, value: row.userSubject }, display: row.userName },
    altId: row.userSubject,
    name: row.userName,
    requestor: true,
    purposeOfUse: [
      { coding: [purposeOf(row)] },
      // The relationship that allowed it (or why not), with a break-glass reason as its text.
      ...(basis ? [{ coding: [{ system: RELATIONSHIP_BASIS_SYSTEM, code: basis }], ...(reason.length ? { text: reason.join(': ') } : {}) }] : []),
    ],
  };
  if (!row.organisationOds) return [user];
  const organisation: AuditEventAgent = {
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV', display: 'healthcare provider' }] },
    who: { identifier: { system: ODS_ORGANISATION_SYSTEM, value: row.organisationOds } },
    requestor: false,
  };
  return [user, organisation];
}

/**
 * One access to a person's record (or one refused) as an AuditEvent: a Patient Record event (DICOM
 * 110110) whose subtype is the operation; who acted (the professional, or the partner's system by
 * its client id) on behalf of which organisation, in which job roles; the action (C, R, U, or E for
 * transactions and break glass); when; the purpose of use and the relationship that allowed it (a
 * break-glass reason as its text); success, or a minor failure with why it was refused; and the
 * entities: the person and the part of their record.
 */
export function toFhirAuditEvent(row: AuditRow): AuditEvent {
  const refused = row.outcome === 'REFUSED';
  return {
    resourceType: 'AuditEvent',
    // A bigint: PGlite gives it as a number, pg as a string.
    id: String(row.id),
    meta: { lastUpdated: new Date(row.lastUpdated).toISOString() },
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
    subtype: [{ system: AUDIT_OPERATION_SYSTEM, code: row.action }],
    action: actionOf(row.action),
    recorded: new Date(row.lastUpdated).toISOString(),
    outcome: refused ? '4' : '0',
    ...(refused ? { outcomeDesc: `Refused: ${row.basis ?? 'not allowed'}` } : {}),
    purposeOfEvent: [{ coding: [purposeOf(row)] }],
    agent: agentsOf(row),
    source: { observer: { display: 'Care coordination service' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity: [
      {
        what: {
          reference: `Patient/${row.personId}`,
          ...(row.nhsNumber ? { identifier: { system: NHS_NUMBER_SYSTEM, value: row.nhsNumber } } : {}),
        },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
      },
      { type: { system: RECORD_PART_SYSTEM, code: row.entity }, description: `${row.entity} of the person's record` },
    ],
  };
}
