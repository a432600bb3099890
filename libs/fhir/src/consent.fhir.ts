import type { Consent } from '@medplum/fhirtypes';
import { refuseElement } from './fhir-refusal';
import { Ref, refOf } from './references.fhir';
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

/** A dissent is recorded (version 1) and may be withdrawn (version 2); nothing else about it changes. */
export const dissentVersion = (dissent: Pick<DissentRow, 'withdrawnAt'>) => (dissent.withdrawnAt ? 2 : 1);

/**
 * A person's dissent from sharing their record as a Consent whose provision denies: with the one
 * organisation (its ODS code) the person objects to, or with everyone outside their GP practice.
 * A dissent the person has withdrawn is inactive, its period ended then; it is kept, not deleted.
 */
export function toFhirConsent(dissent: DissentRow): Consent {
  return {
    resourceType: 'Consent',
    id: dissent.id,
    meta: { versionId: String(dissentVersion(dissent)), lastUpdated: new Date(dissent.lastUpdated).toISOString() },
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

/** A dissent as a Consent says it: whose, with which organisation (none: everyone outside their practice), why, and whether in force. */
export interface DissentSent {
  patient: Ref;
  organisation?: Ref;
  note?: string;
  active: boolean;
}

/**
 * The dissent a Consent records. This service holds objections to sharing (consent to share
 * directly is the default), so the Consent's provision must deny; its actor, if any, is the one
 * organisation (by ODS code or Organization/<id>) the person objects to.
 */
export function fromFhirConsent(consent: Consent): DissentSent {
  const patient = refOf(consent.patient, 'Patient', NHS_NUMBER_SYSTEM);
  if (!patient) throw refuseElement('Consent.patient', `name the person: Patient/<id> or an identifier of ${NHS_NUMBER_SYSTEM}`);
  if (consent.provision?.type !== 'deny') {
    throw refuseElement('Consent.provision.type', 'this service records dissent from sharing: the provision must deny (consent to share for direct care is the default)');
  }
  if (consent.status !== 'active' && consent.status !== 'inactive') {
    throw refuseElement('Consent.status', `${consent.status} is not a dissent: active while in force, inactive once withdrawn`);
  }
  const actors = consent.provision.actor ?? [];
  if (actors.length > 1) throw refuseElement('Consent.provision.actor', 'a dissent names one organisation, or none for everyone outside the GP practice');
  const organisation = actors.length ? refOf(actors[0].reference, 'Organization', ODS_ORGANISATION_SYSTEM) : undefined;
  if (actors.length && !organisation) {
    throw refuseElement('Consent.provision.actor.reference', `name the organisation: Organization/<id> or an identifier of ${ODS_ORGANISATION_SYSTEM}`);
  }
  const note = consent.extension?.find((e) => e.url === DISSENT_NOTE_EXTENSION)?.valueString;
  return { patient, ...(organisation ? { organisation } : {}), ...(note ? { note } : {}), active: consent.status === 'active' };
}
