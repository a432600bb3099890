import type { Extension, ServiceRequest, Task } from '@medplum/fhirtypes';
import { ReferralPriority, ReferralSource } from '@app/referrals';
import { refuseElement } from './fhir-refusal';
import { Ref, refOf } from './references.fhir';
import {
  NHS_NUMBER_SYSTEM,
  REFERRAL_DUE_EXTENSION,
  REFERRAL_IDENTIFIER_SYSTEM,
  REFERRAL_SERVICE_SYSTEM,
  REFERRAL_SOURCE_SYSTEM,
  REFERRAL_STATUS_EXTENSION,
  REFERRAL_STATUS_SYSTEM,
  REFERRAL_URGENCY_EXTENSION,
  URI_SYSTEM,
  ODS_ORGANISATION_SYSTEM,
} from './uk-core';

/** A referral as the ServiceRequest source reads it, with the names the mapping shows. */
export interface ReferralRow {
  id: string;
  personId: string;
  nhsNumber: string;
  version: number;
  /** The latest of its steps (received, triaged, claimed, accepted, closed). */
  lastUpdated: Date;
  serviceCode: string;
  serviceName: string | null;
  status: string;
  source: string;
  requestedUrgency: 'URGENT' | 'SOON' | 'ROUTINE';
  priority: 'URGENT' | 'SOON' | 'ROUTINE' | null;
  reason: string;
  referrerName: string;
  sentByProfessionalId: string | null;
  referringOrganisationId: string | null;
  spoaOrganisationId: string;
  teamName: string | null;
  teamOrganisationId: string | null;
  attachments: { title: string; reference: string; contentType?: string | null }[];
  linkedToId: string | null;
  receivedAt: Date;
  dueAt: Date | null;
  outcome: string | null;
  closeReason: string | null;
  /** Who holds it while it is claimed or accepted. */
  heldById: string | null;
  heldByName: string | null;
  teamId: string | null;
  triagedAt: Date | null;
  closedAt: Date | null;
}

/** Open work is active; a referral completed is completed; declined, withdrawn or linked to another, revoked. */
export const REFERRAL_STATUS: Record<string, ServiceRequest['status']> = {
  RECEIVED: 'active',
  TRIAGED: 'active',
  CLAIMED: 'active',
  ACCEPTED: 'active',
  COMPLETED: 'completed',
  DECLINED: 'revoked',
  WITHDRAWN: 'revoked',
  LINKED: 'revoked',
};

/**
 * FHIR orders its priorities routine < urgent < asap < stat: an URGENT referral (urgent community
 * response, two hours) is asap, SOON (reablement, discharge support in days) urgent.
 */
export const PRIORITY: Record<ReferralRow['requestedUrgency'], NonNullable<ServiceRequest['priority']>> = {
  URGENT: 'asap',
  SOON: 'urgent',
  ROUTINE: 'routine',
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : undefined);

/**
 * A referral into the single point of referral as a ServiceRequest: the service asked for as its
 * code, the referrer's source as its category, the priority triage set (else the urgency asked
 * for), the team whose queue holds it as its performer, documents by reference. The domain's own
 * status (TRIAGED, CLAIMED...), the urgency asked for and the response standard's due time are
 * extensions, since FHIR's status says only whether it is open work.
 */
export function toFhirServiceRequest(referral: ReferralRow): ServiceRequest {
  const extension: Extension[] = [
    { url: REFERRAL_STATUS_EXTENSION, valueCoding: { system: REFERRAL_STATUS_SYSTEM, code: referral.status } },
    { url: REFERRAL_URGENCY_EXTENSION, valueCode: PRIORITY[referral.requestedUrgency] },
    ...(referral.dueAt ? [{ url: REFERRAL_DUE_EXTENSION, valueDateTime: iso(referral.dueAt) }] : []),
  ];
  const notes = [
    referral.linkedToId && `Recorded against the open referral ServiceRequest/${referral.linkedToId}`,
    referral.closeReason && `Closed: ${referral.closeReason}`,
    referral.outcome && `Outcome: ${referral.outcome}`,
  ].filter((n): n is string => Boolean(n));
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: { versionId: String(referral.version), lastUpdated: new Date(referral.lastUpdated).toISOString() },
    extension,
    identifier: [{ system: REFERRAL_IDENTIFIER_SYSTEM, value: referral.id }],
    status: REFERRAL_STATUS[referral.status],
    intent: 'order',
    category: [{ coding: [{ system: REFERRAL_SOURCE_SYSTEM, code: referral.source }] }],
    priority: PRIORITY[referral.priority ?? referral.requestedUrgency],
    code: { coding: [{ system: REFERRAL_SERVICE_SYSTEM, code: referral.serviceCode, ...(referral.serviceName ? { display: referral.serviceName } : {}) }] },
    subject: { reference: `Patient/${referral.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: referral.nhsNumber } },
    authoredOn: iso(referral.receivedAt),
    requester: referral.sentByProfessionalId
      ? { reference: `Practitioner/${referral.sentByProfessionalId}`, display: referral.referrerName }
      : { display: referral.referrerName },
    performer: [
      referral.teamName
        ? { display: referral.teamName, ...(referral.teamOrganisationId ? { reference: `Organization/${referral.teamOrganisationId}` } : {}) }
        : { reference: `Organization/${referral.spoaOrganisationId}`, type: 'Organization' },
    ],
    reasonCode: [{ text: referral.reason }],
    ...(referral.attachments.length
      ? { supportingInfo: referral.attachments.map((a) => ({ display: a.title, identifier: { system: URI_SYSTEM, value: a.reference } })) }
      : {}),
    ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
  };
}

/** What a ServiceRequest asks of the single point of referral, before its person and organisation are looked up. */
export interface ReferralIntake {
  patient: Ref;
  spoa: Ref;
  serviceCode: string;
  source: ReferralSource;
  requestedUrgency: ReferralPriority;
  reason: string;
  referrerName?: string;
  receivedAt?: Date;
  attachments: { title: string; reference: string }[];
}

const URGENCY = Object.fromEntries(Object.entries(PRIORITY).map(([urgency, priority]) => [priority, urgency])) as Record<string, ReferralPriority>;

/**
 * A ServiceRequest sent to this service as a referral intake: the person (subject, by id or NHS
 * number), the single point of referral (the performer, by id or ODS code), the service (code),
 * who refers (category, and the requester's name), the urgency (priority, or the extension this
 * service writes), the reason, when it was made (authoredOn) and documents by address. Anything
 * missing or unknown is refused naming the element.
 */
export function fromFhirServiceRequest(request: ServiceRequest): ReferralIntake {
  if (request.status !== 'active') throw refuseElement('ServiceRequest.status', `a referral is sent active, not ${request.status}`);
  const patient = refOf(request.subject, 'Patient', NHS_NUMBER_SYSTEM);
  if (!patient) throw refuseElement('ServiceRequest.subject', `name the person as Patient/<id> or by ${NHS_NUMBER_SYSTEM}`);
  const spoa = (request.performer ?? []).map((p) => refOf(p, 'Organization', ODS_ORGANISATION_SYSTEM)).find(Boolean);
  if (!spoa) throw refuseElement('ServiceRequest.performer', `name the single point of referral as Organization/<id> or by ${ODS_ORGANISATION_SYSTEM}`);
  const serviceCode = request.code?.coding?.find((c) => c.system === REFERRAL_SERVICE_SYSTEM)?.code;
  if (!serviceCode) throw refuseElement('ServiceRequest.code', `name the service with a code from ${REFERRAL_SERVICE_SYSTEM}`);
  const source = request.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === REFERRAL_SOURCE_SYSTEM)?.code;
  if (!source || !(source in ReferralSource)) {
    throw refuseElement('ServiceRequest.category', `say who refers with a code from ${REFERRAL_SOURCE_SYSTEM}: ${Object.keys(ReferralSource).join(', ')}`);
  }
  const asked = request.extension?.find((e) => e.url === REFERRAL_URGENCY_EXTENSION)?.valueCode ?? request.priority ?? 'routine';
  const requestedUrgency = URGENCY[asked] ?? (asked === 'stat' ? ReferralPriority.URGENT : undefined);
  if (!requestedUrgency) throw refuseElement('ServiceRequest.priority', `${asked} is not a priority`);
  const reason = request.reasonCode?.[0]?.text ?? request.reasonCode?.[0]?.coding?.[0]?.display;
  if (!reason) throw refuseElement('ServiceRequest.reasonCode', 'say why, as text');
  return {
    patient,
    spoa,
    serviceCode,
    source: source as ReferralSource,
    requestedUrgency,
    reason,
    ...(request.requester?.display ? { referrerName: request.requester.display } : {}),
    ...(request.authoredOn ? { receivedAt: new Date(request.authoredOn) } : {}),
    attachments: (request.supportingInfo ?? [])
      .filter((i) => i.identifier?.system === URI_SYSTEM && i.identifier.value)
      .map((i) => ({ title: i.display ?? i.identifier!.value!, reference: i.identifier!.value! })),
  };
}

/** Where the referral's work stands, as FHIR's task statuses. */
export const TASK_STATUS: Record<string, Task['status']> = {
  RECEIVED: 'requested',
  TRIAGED: 'ready',
  CLAIMED: 'in-progress',
  ACCEPTED: 'accepted',
  COMPLETED: 'completed',
  DECLINED: 'rejected',
  WITHDRAWN: 'cancelled',
  LINKED: 'cancelled',
};

/**
 * A referral's workflow at the single point of referral as a Task (its id the referral's): the
 * ServiceRequest as its focus, FHIR's status with the domain's own as businessStatus, the
 * professional who holds it as owner (else the team whose queue it is in, else the single point of
 * referral), the priority, and the response standard's due time as the end of its restriction.
 */
export function toFhirTask(referral: ReferralRow): Task {
  const owner = referral.heldById
    ? { reference: `Practitioner/${referral.heldById}`, type: 'Practitioner', ...(referral.heldByName ? { display: referral.heldByName } : {}) }
    : referral.teamName
      ? { display: referral.teamName }
      : { reference: `Organization/${referral.spoaOrganisationId}`, type: 'Organization' };
  const reason = referral.closeReason ?? referral.outcome;
  return {
    resourceType: 'Task',
    id: referral.id,
    meta: { versionId: String(referral.version), lastUpdated: new Date(referral.lastUpdated).toISOString() },
    identifier: [{ system: REFERRAL_IDENTIFIER_SYSTEM, value: referral.id }],
    basedOn: [{ reference: `ServiceRequest/${referral.id}` }],
    status: TASK_STATUS[referral.status],
    businessStatus: { coding: [{ system: REFERRAL_STATUS_SYSTEM, code: referral.status }] },
    intent: 'order',
    priority: PRIORITY[referral.priority ?? referral.requestedUrgency],
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${referral.id}` },
    for: { reference: `Patient/${referral.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: referral.nhsNumber } },
    executionPeriod: { start: iso(referral.receivedAt), ...(referral.closedAt ? { end: iso(referral.closedAt) } : {}) },
    authoredOn: iso(referral.receivedAt),
    lastModified: new Date(referral.lastUpdated).toISOString(),
    owner: owner as Task['owner'],
    ...(referral.dueAt ? { restriction: { period: { end: iso(referral.dueAt) } } } : {}),
    ...(reason ? { statusReason: { text: reason } } : {}),
  };
}
