import type { Communication, Reference } from '@medplum/fhirtypes';
import { LOCAL_BASE, NHS_NUMBER_SYSTEM } from './uk-core';

export const NOTIFICATION_REASON_SYSTEM = `${LOCAL_BASE}/CodeSystem/notification-reason`;
export const NOTIFICATION_REVIEW_DUE_EXTENSION = `${LOCAL_BASE}/StructureDefinition/notification-review-due`;
export const NOTIFICATION_ACKNOWLEDGED_EXTENSION = `${LOCAL_BASE}/StructureDefinition/notification-acknowledged`;
const COMMUNICATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/communication-category';

/** A notification as the Communication source reads it, with what raised it. */
export interface NotificationRow {
  id: string;
  personId: string;
  nhsNumber: string;
  professionalId: string;
  professionalName: string;
  reason: string;
  occurredAt: Date;
  sentAt: Date;
  acknowledgedAt: Date | null;
  reviewDueDate: string | null;
  carePlanId: string | null;
  referralId: string | null;
  referralService: string | null;
  /** The event that raised it, and the Encounter it is part of (an admission's, for its discharge). */
  eventKind: string | null;
  encounterId: string | null;
  dischargeDestination: string | null;
  organisationName: string | null;
  fromTier: string | null;
  toTier: string | null;
  lastUpdated: Date;
}

const words = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');
const instant = (at: Date | string) => new Date(at).toISOString();

/** What the lead is told, in words: what happened, where and when, and the review it started. */
export function notificationText(n: NotificationRow): string {
  const at = `${instant(n.occurredAt).slice(0, 16).replace('T', ' ')} UTC`;
  const where = n.organisationName ? ` at ${n.organisationName}` : '';
  const what =
    n.reason === 'DISCHARGE'
      ? `Discharged${where}${n.dischargeDestination ? ` to ${words(n.dischargeDestination).toLowerCase()}` : ''}`
      : n.reason === 'NEW_REFERRAL'
        ? `New referral${n.referralService ? ` for ${n.referralService}` : ''}`
        : n.reason === 'RISK_TIER_CHANGE'
          ? `Risk tier changed${n.fromTier ? ` from ${n.fromTier}` : ''} to ${n.toTier ?? 'none'}`
          : `${words(n.reason)}${where}`;
  const review = n.reviewDueDate ? ` The rule asks for a review of the care plan by ${n.reviewDueDate}.` : '';
  return `${what}, ${at}.${review}`;
}

/**
 * A notification to the lead professional as a Communication sent to them (completed: it is in
 * their worklist from the moment it is raised): about their patient, the Encounter or referral
 * that raised it and the plan it put under review, the reason as text and code. When the lead
 * acknowledges it the resource says so in an extension (version 2); Communication has no element
 * for a recipient having read a message. Pure.
 */
export function toFhirCommunication(n: NotificationRow): Communication {
  const about: Reference[] = [
    ...(n.encounterId ? [{ reference: `Encounter/${n.encounterId}` }] : []),
    ...(n.referralId ? [{ reference: `ServiceRequest/${n.referralId}` }] : []),
    ...(n.carePlanId ? [{ reference: `CarePlan/${n.carePlanId}` }] : []),
  ];
  const extension = [
    ...(n.reviewDueDate ? [{ url: NOTIFICATION_REVIEW_DUE_EXTENSION, valueDate: n.reviewDueDate }] : []),
    ...(n.acknowledgedAt ? [{ url: NOTIFICATION_ACKNOWLEDGED_EXTENSION, valueDateTime: instant(n.acknowledgedAt) }] : []),
  ];
  return {
    resourceType: 'Communication',
    id: n.id,
    meta: { versionId: n.acknowledgedAt ? '2' : '1', lastUpdated: instant(n.lastUpdated) },
    ...(extension.length ? { extension } : {}),
    status: 'completed',
    category: [{ coding: [{ system: COMMUNICATION_CATEGORY, code: 'notification', display: 'Notification' }] }],
    subject: { reference: `Patient/${n.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: n.nhsNumber } },
    ...(about.length ? { about } : {}),
    sent: instant(n.sentAt),
    recipient: [{ reference: `Practitioner/${n.professionalId}`, display: n.professionalName }],
    reasonCode: [{ coding: [{ system: NOTIFICATION_REASON_SYSTEM, code: n.reason, display: words(n.reason) }] }],
    payload: [{ contentString: notificationText(n) }],
  };
}
