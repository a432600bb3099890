import type { Encounter, EpisodeOfCare, Identifier, Organization, Patient, Reference } from '@medplum/fhirtypes';
import type { CareEvent } from '@app/care-events';
import { LOCAL_BASE, NHS_NUMBER_SYSTEM } from './uk-core';

export const CARE_EVENT_SOURCE_SYSTEM = `${LOCAL_BASE}/Id/care-event-source`;
export const DISCHARGE_DESTINATION_SYSTEM = `${LOCAL_BASE}/CodeSystem/discharge-destination`;
export const EPISODE_TYPE_SYSTEM = `${LOCAL_BASE}/CodeSystem/episode-of-care-type`;
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';

const words = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

/** An event as the FHIR API reads it: with its person, and what ends it (an admission's discharge, a reablement's end). */
export type EventRow = CareEvent & { ending?: CareEvent | null };

/** The reporting system's own identifier: the system names the reporter, so identifiers of different partners never clash. */
function identifierOf(event: CareEvent): Identifier {
  return { system: `${CARE_EVENT_SOURCE_SYSTEM}/${encodeURIComponent(event.sourceSystem)}`, value: event.sourceIdentifier };
}

function patientOf(event: CareEvent): Reference<Patient> {
  return {
    reference: `Patient/${event.personId}`,
    ...(event.person ? { identifier: { system: NHS_NUMBER_SYSTEM, value: event.person.nhsNumber } } : {}),
  };
}

const organisationOf = (event: CareEvent): Reference<Organization> | undefined =>
  event.organisationId ? { reference: `Organization/${event.organisationId}` } : undefined;

/**
 * An emergency admission as an inpatient Encounter (finished once discharged, with the discharge's
 * time and destination), an A&E attendance as an emergency Encounter. Pure.
 */
export function toFhirEncounter(event: EventRow): Encounter {
  const admission = event.kind === 'EMERGENCY_ADMISSION';
  const discharge = admission ? (event.ending ?? null) : null;
  const serviceProvider = organisationOf(event);
  return {
    resourceType: 'Encounter',
    id: event.id,
    meta: { lastUpdated: new Date(discharge?.recordedAt ?? event.recordedAt).toISOString() },
    identifier: [identifierOf(event)],
    status: admission && !discharge ? 'in-progress' : 'finished',
    class: admission
      ? { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' }
      : { system: ACT_CODE, code: 'EMER', display: 'emergency' },
    priority: { coding: [{ system: ACT_PRIORITY, code: 'EM', display: 'emergency' }] },
    subject: patientOf(event),
    period: {
      start: new Date(event.occurredAt).toISOString(),
      ...(discharge ? { end: new Date(discharge.occurredAt).toISOString() } : {}),
    },
    ...(discharge?.dischargeDestination
      ? {
          hospitalization: {
            dischargeDisposition: {
              coding: [{ system: DISCHARGE_DESTINATION_SYSTEM, code: discharge.dischargeDestination, display: words(discharge.dischargeDestination) }],
            },
          },
        }
      : {}),
    ...(serviceProvider ? { serviceProvider } : {}),
  };
}

/**
 * Reablement (from its start to its end, if recorded) and a permanent care home admission as
 * EpisodesOfCare: what social care provides over a period. Pure.
 */
export function toFhirEpisodeOfCare(event: EventRow): EpisodeOfCare {
  const reablement = event.kind === 'REABLEMENT_START';
  const code = reablement ? 'REABLEMENT' : `CARE_HOME_${event.careHomeSetting ?? 'RESIDENTIAL'}`;
  const ending = reablement ? (event.ending ?? null) : null;
  const managingOrganization = organisationOf(event);
  return {
    resourceType: 'EpisodeOfCare',
    id: event.id,
    meta: { lastUpdated: new Date(ending?.recordedAt ?? event.recordedAt).toISOString() },
    identifier: [identifierOf(event)],
    status: ending ? 'finished' : 'active',
    type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code, display: words(code) }] }],
    patient: patientOf(event),
    period: {
      start: new Date(event.occurredAt).toISOString(),
      ...(ending ? { end: new Date(ending.occurredAt).toISOString() } : {}),
    },
    ...(managingOrganization ? { managingOrganization } : {}),
  };
}
