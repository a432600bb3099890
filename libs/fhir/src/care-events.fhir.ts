import type { Encounter, EpisodeOfCare, Identifier, Organization, Patient, Period, Reference } from '@medplum/fhirtypes';
import { CareEventKind, CareHomeSetting, DischargeDestination } from '@app/care-events';
import { refuseElement } from './fhir-refusal';
import { Ref, refOf } from './references.fhir';
import { LOCAL_BASE, NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM } from './uk-core';

export const CARE_EVENT_SOURCE_SYSTEM = `${LOCAL_BASE}/Id/care-event-source`;
export const DISCHARGE_DESTINATION_SYSTEM = `${LOCAL_BASE}/CodeSystem/discharge-destination`;
export const EPISODE_TYPE_SYSTEM = `${LOCAL_BASE}/CodeSystem/episode-of-care-type`;
/** Days the admission's transfer of care was delayed, summed over the delays reported (read-only: reported over GraphQL). */
export const DELAYED_TRANSFER_DAYS_EXTENSION = `${LOCAL_BASE}/StructureDefinition/delayed-transfer-of-care-days`;
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';

const words = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');
const instant = (at: Date | string) => new Date(at).toISOString();

/**
 * An event as the FHIR API reads it: with its person, where it happened, and what ends it (an
 * admission's discharge, a reablement's end), one row per resource.
 */
export interface EventRow {
  id: string;
  personId: string;
  nhsNumber: string;
  kind: CareEventKind;
  occurredAt: Date;
  organisationId: string | null;
  careHomeSetting: CareHomeSetting | null;
  sourceSystem: string;
  sourceIdentifier: string;
  recordedAt: Date;
  /** The discharge or reablement end, when recorded. */
  endedAt: Date | null;
  dischargeDestination: DischargeDestination | null;
  /** Delayed transfers of care reported against an admission, and their days in all. */
  delays: number;
  delayedDays: number | null;
  /** When its latest change (its ending, a delay) was recorded, else when the event was. */
  lastUpdated: Date;
}

/**
 * The reporting system's own identifier. A system that names itself by URI (a partner's identifier
 * system) keeps it as the identifier's system; any other name (a token's subject) is made a URI
 * under this service's base. Either way identifiers of different reporters never clash, and
 * `sourceOf` gives back the same source system and identifier.
 */
export function identifierOf(sourceSystem: string, sourceIdentifier: string): Identifier {
  const system = sourceSystem.includes(':') ? sourceSystem : `${CARE_EVENT_SOURCE_SYSTEM}/${encodeURIComponent(sourceSystem)}`;
  return { system, value: sourceIdentifier };
}

/** The source system an identifier's system names (undefined: none given, the sender's own). */
export function sourceSystemOf(system: string | undefined): string | undefined {
  if (!system) return undefined;
  return system.startsWith(`${CARE_EVENT_SOURCE_SYSTEM}/`) ? decodeURIComponent(system.slice(CARE_EVENT_SOURCE_SYSTEM.length + 1)) : system;
}

function patientOf(event: EventRow): Reference<Patient> {
  return { reference: `Patient/${event.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: event.nhsNumber } };
}

const organisationOf = (event: EventRow): Reference<Organization> | undefined =>
  event.organisationId ? { reference: `Organization/${event.organisationId}` } : undefined;

/**
 * An event is version 1; each change recorded since (its ending: a discharge, a reablement's end;
 * a delayed transfer of an admission) makes another. Events never change otherwise.
 */
const metaOf = (event: EventRow) => ({
  versionId: String(1 + (event.endedAt ? 1 : 0) + (event.delays ?? 0)),
  lastUpdated: instant(event.lastUpdated),
});

const periodOf = (event: EventRow): Period => ({
  start: instant(event.occurredAt),
  ...(event.endedAt ? { end: instant(event.endedAt) } : {}),
});

/**
 * An emergency admission as an inpatient Encounter of emergency priority (finished once
 * discharged, with the discharge's time and destination), an A&E attendance as an emergency
 * Encounter (finished: it is recorded when it happened). Pure.
 */
export function toFhirEncounter(event: EventRow): Encounter {
  const admission = event.kind === CareEventKind.EMERGENCY_ADMISSION;
  const serviceProvider = organisationOf(event);
  return {
    resourceType: 'Encounter',
    id: event.id,
    meta: metaOf(event),
    ...(event.delayedDays ? { extension: [{ url: DELAYED_TRANSFER_DAYS_EXTENSION, valueInteger: event.delayedDays }] } : {}),
    identifier: [identifierOf(event.sourceSystem, event.sourceIdentifier)],
    status: admission && !event.endedAt ? 'in-progress' : 'finished',
    class: admission
      ? { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' }
      : { system: ACT_CODE, code: 'EMER', display: 'emergency' },
    priority: { coding: [{ system: ACT_PRIORITY, code: 'EM', display: 'emergency' }] },
    subject: patientOf(event),
    period: periodOf(event),
    ...(event.dischargeDestination
      ? {
          hospitalization: {
            dischargeDisposition: {
              coding: [{ system: DISCHARGE_DESTINATION_SYSTEM, code: event.dischargeDestination, display: words(event.dischargeDestination) }],
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
  const code = event.kind === CareEventKind.REABLEMENT_START ? 'REABLEMENT' : `CARE_HOME_${event.careHomeSetting ?? 'RESIDENTIAL'}`;
  const managingOrganization = organisationOf(event);
  return {
    resourceType: 'EpisodeOfCare',
    id: event.id,
    meta: metaOf(event),
    identifier: [identifierOf(event.sourceSystem, event.sourceIdentifier)],
    status: event.endedAt ? 'finished' : 'active',
    type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code, display: words(code) }] }],
    patient: patientOf(event),
    period: periodOf(event),
    ...(managingOrganization ? { managingOrganization } : {}),
  };
}

/**
 * A care event as a partner sends it in an Encounter or EpisodeOfCare, before its person and
 * organisation are looked up; with what ends it when the resource says it has ended (a finished
 * admission is an admission and its discharge).
 */
export interface CareEventIntake {
  patient: Ref;
  organisation?: Ref;
  kind: CareEventKind;
  occurredAt: Date;
  /** Undefined: the sender's own (its token's subject). */
  sourceSystem?: string;
  sourceIdentifier: string;
  careHomeSetting?: CareHomeSetting;
  ending?: { occurredAt: Date; dischargeDestination?: DischargeDestination };
  /** Where the intake's details are in the resource, for refusals of the domain's rules. */
  elements: Record<string, string>;
}

/** What every intake has: the partner's identifier, the person, the start, and where (the element's name varies). */
function common(
  type: 'Encounter' | 'EpisodeOfCare',
  resource: Encounter | EpisodeOfCare,
  subject: Reference | undefined,
  subjectElement: string,
  organisation: Reference | undefined,
  organisationElement: string,
) {
  const identifier = resource.identifier?.find((i) => i.value?.trim());
  if (!identifier) throw refuseElement(`${type}.identifier`, "give the event's identifier in your system: a retry with it is the same event");
  const patient = refOf(subject, 'Patient', NHS_NUMBER_SYSTEM);
  if (!patient) throw refuseElement(`${type}.${subjectElement}`, `name the person as Patient/<id> or by ${NHS_NUMBER_SYSTEM}`);
  const where = organisation ? refOf(organisation, 'Organization', ODS_ORGANISATION_SYSTEM) : undefined;
  if (organisation && !where) {
    throw refuseElement(`${type}.${organisationElement}`, `name the organisation as Organization/<id> or by ${ODS_ORGANISATION_SYSTEM}`);
  }
  const start = resource.period?.start;
  if (!start) throw refuseElement(`${type}.period.start`, 'say when it began');
  const end = resource.period?.end;
  if (end && new Date(end) < new Date(start)) throw refuseElement(`${type}.period.end`, 'ends before it starts', 'DATES_OUT_OF_ORDER');
  return {
    patient,
    ...(where ? { organisation: where } : {}),
    occurredAt: new Date(start),
    end: end ? new Date(end) : undefined,
    sourceSystem: sourceSystemOf(identifier.system),
    sourceIdentifier: identifier.value!.trim(),
    elements: {
      nhsNumber: `${type}.${subjectElement}`,
      occurredAt: `${type}.period.start`,
      organisationOds: `${type}.${organisationElement}`,
      sourceIdentifier: `${type}.identifier`,
    },
  };
}

const BEGUN_ENCOUNTER = ['arrived', 'triaged', 'in-progress', 'onleave', 'finished'];

/**
 * An Encounter from a partner: an inpatient encounter of emergency priority is an emergency
 * admission (finished, with period.end and hospitalization.dischargeDisposition, it is also its
 * discharge); an emergency (A&E) encounter is an attendance, recorded at its start. Planned,
 * cancelled and elective encounters are not care events here. Pure.
 */
export function fromFhirEncounter(encounter: Encounter): CareEventIntake {
  if (!BEGUN_ENCOUNTER.includes(encounter.status)) {
    throw refuseElement('Encounter.status', `only encounters that have begun are recorded (${BEGUN_ENCOUNTER.join(', ')}), not ${encounter.status}`);
  }
  const classCode = encounter.class?.system === ACT_CODE ? encounter.class.code : undefined;
  if (classCode !== 'IMP' && classCode !== 'EMER') {
    throw refuseElement('Encounter.class', `an emergency admission is ${ACT_CODE}|IMP, an A&E attendance ${ACT_CODE}|EMER`);
  }
  const event = common('Encounter', encounter, encounter.subject, 'subject', encounter.serviceProvider, 'serviceProvider');
  const disposition = encounter.hospitalization?.dischargeDisposition;
  if (classCode === 'EMER') {
    if (disposition) {
      throw refuseElement('Encounter.hospitalization', 'an A&E attendance has no discharge destination: an admission from A&E is an inpatient Encounter of its own');
    }
    const { end: _end, ...attendance } = event;
    return { ...attendance, kind: CareEventKind.AE_ATTENDANCE };
  }
  const emergency = encounter.priority?.coding?.some((c) => c.system === ACT_PRIORITY && c.code === 'EM');
  if (!emergency) throw refuseElement('Encounter.priority', `only emergency (non-elective) admissions are recorded: ${ACT_PRIORITY}|EM`);
  const { end, ...admission } = event;
  const discharged = encounter.status === 'finished';
  const destination = disposition?.coding?.find((c) => c.system === DISCHARGE_DESTINATION_SYSTEM)?.code;
  if (discharged && !end) throw refuseElement('Encounter.period.end', 'a finished admission says when the person was discharged');
  if (discharged && !(destination && destination in DischargeDestination)) {
    throw refuseElement(
      'Encounter.hospitalization.dischargeDisposition',
      `a finished admission says where the person went, from ${DISCHARGE_DESTINATION_SYSTEM}: ${Object.keys(DischargeDestination).join(', ')}`,
    );
  }
  if (!discharged && (end || disposition)) {
    throw refuseElement(end ? 'Encounter.period.end' : 'Encounter.hospitalization.dischargeDisposition', `an admission ${encounter.status} has no discharge yet: send it finished`);
  }
  return {
    ...admission,
    kind: CareEventKind.EMERGENCY_ADMISSION,
    ...(discharged ? { ending: { occurredAt: end!, dischargeDestination: destination as DischargeDestination } } : {}),
    elements: {
      ...admission.elements,
      'ending.occurredAt': 'Encounter.period.end',
      'ending.dischargeDestination': 'Encounter.hospitalization.dischargeDisposition',
    },
  };
}

const EPISODE_KINDS: Record<string, Pick<CareEventIntake, 'kind' | 'careHomeSetting'>> = {
  REABLEMENT: { kind: CareEventKind.REABLEMENT_START },
  CARE_HOME_RESIDENTIAL: { kind: CareEventKind.CARE_HOME_ADMISSION, careHomeSetting: CareHomeSetting.RESIDENTIAL },
  CARE_HOME_NURSING: { kind: CareEventKind.CARE_HOME_ADMISSION, careHomeSetting: CareHomeSetting.NURSING },
};

/**
 * An EpisodeOfCare from a partner: reablement (finished, with period.end, it is also its end) or
 * a permanent admission to a residential or nursing home (which does not end here). Pure.
 */
export function fromFhirEpisodeOfCare(episode: EpisodeOfCare): CareEventIntake {
  const code = episode.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === EPISODE_TYPE_SYSTEM)?.code;
  const kind = code ? EPISODE_KINDS[code] : undefined;
  if (!kind) throw refuseElement('EpisodeOfCare.type', `say what it is, from ${EPISODE_TYPE_SYSTEM}: ${Object.keys(EPISODE_KINDS).join(', ')}`);
  if (episode.status !== 'active' && episode.status !== 'finished') {
    throw refuseElement('EpisodeOfCare.status', `only episodes that have begun are recorded (active, finished), not ${episode.status}`);
  }
  const { end, ...event } = common('EpisodeOfCare', episode, episode.patient, 'patient', episode.managingOrganization, 'managingOrganization');
  const finished = episode.status === 'finished';
  if (kind.kind === CareEventKind.CARE_HOME_ADMISSION && (finished || end)) {
    throw refuseElement(finished ? 'EpisodeOfCare.status' : 'EpisodeOfCare.period.end', 'a permanent care home admission is recorded as active: it does not end here');
  }
  if (finished !== Boolean(end)) {
    throw refuseElement(finished ? 'EpisodeOfCare.period.end' : 'EpisodeOfCare.status', 'a reablement episode is finished exactly when it has an end');
  }
  return {
    ...event,
    ...kind,
    ...(end ? { ending: { occurredAt: end } } : {}),
    elements: { ...event.elements, 'ending.occurredAt': 'EpisodeOfCare.period.end' },
  };
}
