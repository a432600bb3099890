import type { Extension, ServiceRequest } from '@medplum/fhirtypes';
import {
  NHS_NUMBER_SYSTEM,
  REFERRAL_DUE_EXTENSION,
  REFERRAL_IDENTIFIER_SYSTEM,
  REFERRAL_SERVICE_SYSTEM,
  REFERRAL_SOURCE_SYSTEM,
  REFERRAL_STATUS_EXTENSION,
  REFERRAL_STATUS_SYSTEM,
  REFERRAL_URGENCY_EXTENSION,
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
      ? { supportingInfo: referral.attachments.map((a) => ({ display: a.title, identifier: { system: 'urn:ietf:rfc:3986', value: a.reference } })) }
      : {}),
    ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
  };
}
