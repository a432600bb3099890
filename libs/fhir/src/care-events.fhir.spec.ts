import type { Encounter, EpisodeOfCare } from '@medplum/fhirtypes';
import { CareEventKind, CareHomeSetting, DischargeDestination } from '@app/care-events';
import {
  EventRow,
  fromFhirEncounter,
  fromFhirEpisodeOfCare,
  identifierOf,
  sourceSystemOf,
  toFhirEncounter,
  toFhirEpisodeOfCare,
} from './care-events.fhir';
import { NotificationRow, toFhirCommunication } from './communication.fhir';
import { fhirProblems } from './fhir-validator';

const PERSON = '5eed0000-0000-4000-8000-000000000001';
const TRUST = '5eed0000-0000-4000-8000-000000000002';

const anEvent = (kind: CareEventKind, overrides: Partial<EventRow> = {}): EventRow => ({
  id: '5eed0000-0000-4000-8000-0000000000e1',
  personId: PERSON,
  nhsNumber: '9990011001',
  kind,
  occurredAt: new Date('2026-11-20T09:30:00Z'),
  organisationId: TRUST,
  careHomeSetting: null,
  sourceSystem: 'colchester-hospital-pas',
  sourceIdentifier: 'SPELL-0042',
  recordedAt: new Date('2026-11-20T09:31:00Z'),
  endedAt: null,
  dischargeDestination: null,
  delays: 0,
  delayedDays: null,
  lastUpdated: new Date('2026-11-20T09:31:00Z'),
  ...overrides,
});

const problems = (resource: unknown) => fhirProblems(resource).map((i) => `${i.expression?.join()}: ${i.details?.text}`);

/** What a partner reading the resource and sending it back would have recorded. */
const recorded = (event: EventRow) => ({
  patient: { id: event.personId },
  organisation: { id: event.organisationId },
  kind: event.kind,
  occurredAt: event.occurredAt,
  sourceSystem: event.sourceSystem,
  sourceIdentifier: event.sourceIdentifier,
  ...(event.careHomeSetting ? { careHomeSetting: event.careHomeSetting } : {}),
  ...(event.endedAt ? { ending: { occurredAt: event.endedAt, ...(event.dischargeDestination ? { dischargeDestination: event.dischargeDestination } : {}) } } : {}),
});

describe('care events as FHIR, both ways', () => {
  it.each([
    ['an emergency admission still in hospital', anEvent(CareEventKind.EMERGENCY_ADMISSION)],
    [
      'an emergency admission and its discharge into reablement',
      anEvent(CareEventKind.EMERGENCY_ADMISSION, { endedAt: new Date('2026-11-23T15:00:00Z'), dischargeDestination: DischargeDestination.REABLEMENT }),
    ],
    [
      'an admission whose transfer of care was delayed, then discharged to a nursing home',
      anEvent(CareEventKind.EMERGENCY_ADMISSION, {
        endedAt: new Date('2026-11-23T15:00:00Z'), dischargeDestination: DischargeDestination.NURSING_CARE, delays: 2, delayedDays: 5,
      }),
    ],
    ['an A&E attendance', anEvent(CareEventKind.AE_ATTENDANCE, { sourceSystem: 'https://esneft.nhs.uk/Id/ae-attendance' })],
  ])('%s comes back from its Encounter as it was recorded', (_what, event) => {
    const encounter = toFhirEncounter(event);
    expect(problems(encounter)).toEqual([]);
    expect(fromFhirEncounter(encounter)).toMatchObject(recorded(event));
  });

  it.each([
    ['reablement under way', anEvent(CareEventKind.REABLEMENT_START)],
    ['reablement that has ended', anEvent(CareEventKind.REABLEMENT_START, { endedAt: new Date('2026-12-01T12:00:00Z') })],
    ['a permanent admission to a nursing home', anEvent(CareEventKind.CARE_HOME_ADMISSION, { careHomeSetting: CareHomeSetting.NURSING })],
  ])('%s comes back from its EpisodeOfCare as it was recorded', (_what, event) => {
    const episode = toFhirEpisodeOfCare(event);
    expect(problems(episode)).toEqual([]);
    expect(fromFhirEpisodeOfCare(episode)).toMatchObject(recorded(event));
  });

  it('says how many days a transfer of care was delayed, and counts each change as a version', () => {
    const encounter = toFhirEncounter(anEvent(CareEventKind.EMERGENCY_ADMISSION, { endedAt: new Date(), dischargeDestination: DischargeDestination.OTHER, delays: 2, delayedDays: 5 }));
    expect(encounter.extension).toEqual([{ url: expect.stringMatching(/delayed-transfer-of-care-days$/), valueInteger: 5 }]);
    expect(encounter.meta?.versionId).toBe('4');
  });

  it("keeps a partner's identifier system, and names other reporters under this service's base", () => {
    expect(identifierOf('https://esneft.nhs.uk/Id/spell', 'S1').system).toBe('https://esneft.nhs.uk/Id/spell');
    const byName = identifierOf('council system/1', 'S1');
    expect(byName.system).toMatch(/^https:\/\/care-coordination\.invalid\/fhir\/Id\/care-event-source\/council%20system%2F1$/);
    expect(sourceSystemOf(byName.system)).toBe('council system/1');
    expect(sourceSystemOf(undefined)).toBeUndefined();
  });

  const admission = (overrides: Partial<Encounter>): Encounter => ({ ...toFhirEncounter(anEvent(CareEventKind.EMERGENCY_ADMISSION)), ...overrides });
  const refusedAt = (map: () => unknown) => {
    try {
      map();
      return undefined;
    } catch (error: any) {
      return error.details.expression;
    }
  };

  it('refuses what is not a care event here, naming the element', () => {
    expect(refusedAt(() => fromFhirEncounter(admission({ status: 'planned' })))).toEqual(['Encounter.status']);
    expect(refusedAt(() => fromFhirEncounter(admission({ priority: { coding: [{ code: 'R' }] } })))).toEqual(['Encounter.priority']);
    expect(refusedAt(() => fromFhirEncounter(admission({ class: { code: 'AMB' } })))).toEqual(['Encounter.class']);
    expect(refusedAt(() => fromFhirEncounter(admission({ identifier: undefined })))).toEqual(['Encounter.identifier']);
    expect(refusedAt(() => fromFhirEncounter(admission({ subject: { display: 'Edith' } })))).toEqual(['Encounter.subject']);
    expect(refusedAt(() => fromFhirEncounter(admission({ status: 'finished' })))).toEqual(['Encounter.period.end']);
    expect(refusedAt(() => fromFhirEncounter(admission({ status: 'finished', period: { start: '2026-11-20T09:30:00Z', end: '2026-11-21T09:30:00Z' } }))))
      .toEqual(['Encounter.hospitalization.dischargeDisposition']);
    expect(refusedAt(() => fromFhirEncounter(admission({ period: { start: '2026-11-20T09:30:00Z', end: '2026-11-19T09:30:00Z' } }))))
      .toEqual(['Encounter.period.end']);
    const careHome = toFhirEpisodeOfCare(anEvent(CareEventKind.CARE_HOME_ADMISSION, { careHomeSetting: CareHomeSetting.RESIDENTIAL }));
    expect(refusedAt(() => fromFhirEpisodeOfCare({ ...careHome, status: 'finished' } as EpisodeOfCare))).toEqual(['EpisodeOfCare.status']);
    expect(refusedAt(() => fromFhirEpisodeOfCare({ ...careHome, type: [{ text: 'Day centre' }] }))).toEqual(['EpisodeOfCare.type']);
  });
});

describe('a notification as a Communication', () => {
  const notification: NotificationRow = {
    id: '5eed0000-0000-4000-8000-0000000000c1',
    personId: PERSON,
    nhsNumber: '9990011001',
    professionalId: '5eed0000-0000-4000-8000-0000000000a1',
    professionalName: 'Grace Adeyemi',
    reason: 'DISCHARGE',
    occurredAt: new Date('2026-11-23T15:00:00Z'),
    sentAt: new Date('2026-11-23T15:01:00Z'),
    acknowledgedAt: null,
    reviewDueDate: '2026-11-30',
    carePlanId: '5eed0000-0000-4000-8000-0000000000b1',
    referralId: null,
    referralService: null,
    eventKind: 'DISCHARGE',
    encounterId: '5eed0000-0000-4000-8000-0000000000e1',
    dischargeDestination: 'REABLEMENT',
    organisationName: 'Colchester Hospital',
    fromTier: null,
    toTier: null,
    lastUpdated: new Date('2026-11-23T15:01:00Z'),
  };

  it('is sent to the lead, about their patient, the admission and the plan, saying what happened and when the review is due', () => {
    const communication = toFhirCommunication(notification);
    expect(problems(communication)).toEqual([]);
    expect(communication).toMatchObject({
      status: 'completed',
      meta: { versionId: '1' },
      subject: { reference: `Patient/${PERSON}` },
      recipient: [{ reference: `Practitioner/${notification.professionalId}` }],
      about: [{ reference: `Encounter/${notification.encounterId}` }, { reference: `CarePlan/${notification.carePlanId}` }],
      sent: '2026-11-23T15:01:00.000Z',
      payload: [{ contentString: 'Discharged at Colchester Hospital to reablement, 2026-11-23 15:00 UTC. The rule asks for a review of the care plan by 2026-11-30.' }],
    });
  });

  it('says when the lead acknowledged it, as a second version', () => {
    const acknowledged = toFhirCommunication({ ...notification, acknowledgedAt: new Date('2026-11-24T08:00:00Z') });
    expect(problems(acknowledged)).toEqual([]);
    expect(acknowledged.meta?.versionId).toBe('2');
    expect(acknowledged.extension).toContainEqual(expect.objectContaining({ valueDateTime: '2026-11-24T08:00:00.000Z' }));
  });
});
