import type { Consent } from '@medplum/fhirtypes';
import { DISSENT_NOTE_EXTENSION, NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM } from './uk-core';

/** A person's recorded dissent from sharing, as the Consent source reads it. */
export interface DissentRow {
  id: string;
  personId: string;
  nhsNumber: string;
  lastUpdated: Date;
  /** The organisation not to share with; null for everyone outside the person's GP practice. */
  organisationOds: string | null;
  note: string | null;
  recordedAt: Date;
  withdrawnAt: Date | null;
}

/**
 * A person's dissent from sharing their record as a Consent whose provision denies: with the one
 * organisation (its ODS code) the person objects to, or with everyone outside their GP practice.
 * A dissent the person has withdrawn is inactive, its period ended then; it is kept, not deleted.
 */
export function toFhirConsent(dissent: DissentRow): Consent {
  return {
    resourceType: 'Consent',
    id: dissent.id,
    meta: { lastUpdated: new Date(dissent.lastUpdated).toISOString() },
    ...(dissent.note ? { extension: [{ url: DISSENT_NOTE_EXTENSION, valueString: dissent.note }] } : {}),
    status: dissent.withdrawnAt ? 'inactive' : 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${dissent.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: dissent.nhsNumber } },
    dateTime: new Date(dissent.recordedAt).toISOString(),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT', display: 'opt-out' }] },
    provision: {
      type: 'deny',
      period: {
        start: new Date(dissent.recordedAt).toISOString(),
        ...(dissent.withdrawnAt ? { end: new Date(dissent.withdrawnAt).toISOString() } : {}),
      },
      ...(dissent.organisationOds
        ? {
            actor: [
              {
                role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
                reference: { type: 'Organization', identifier: { system: ODS_ORGANISATION_SYSTEM, value: dissent.organisationOds } },
              },
            ],
          }
        : {}),
    },
  };
}
