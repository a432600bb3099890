import { Injectable } from '@nestjs/common';
import type { Encounter, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { EntityManager } from 'typeorm';
import { Activity } from '@app/access';
import type { User } from '@app/access';
import { CareEventKind, CareEventsService, RecordCareEventInput } from '@app/care-events';
import { DomainError, isDomainError } from '@app/errors';
import {
  CareEventIntake,
  EventRow,
  fromFhirEncounter,
  fromFhirEpisodeOfCare,
  sourceSystemOf,
  toFhirEncounter,
  toFhirEpisodeOfCare,
} from './care-events.fhir';
import { checkInput } from './check-input';
import { NotificationRow, toFhirCommunication } from './communication.fhir';
import { referenceParam, SearchParam, UUID } from './entity-resources';
import { refuseElement } from './fhir-refusal';
import { parseToken } from './fhir-search';
import { Found, FhirType } from './fhir-type';
import { nhsNumbersOf, PATIENT_PARAMS } from './person-record.resources';
import { Ref } from './references.fhir';
import { SqlResources } from './sql-resources';

/** The partner's identifier (`system|value`): how a partner finds, or conditionally creates, its own event. */
const IDENTIFIER_PARAM: SearchParam = {
  name: 'identifier',
  type: 'token',
  namesOne: true,
  documentation: "The reporting system's identifier: <its identifier system>|<value>",
  where: (query, raw, key) => {
    const { system, value } = parseToken('identifier', raw);
    query.andWhere(`q."sourceIdentifier" = :${key}`, { [key]: value });
    const source = sourceSystemOf(system);
    if (source) query.andWhere(`q."sourceSystem" = :${key}s`, { [`${key}s`]: source });
  },
};

/** Runs a call of the domain's service, naming the FHIR element behind a refused field. */
async function inElements<T>(elements: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // The person's NHS number is the one field a refusal may not name (PERSON_NOT_FOUND).
    const fields = isDomainError(error)
      ? ((error.details.fields as { field: string }[] | undefined) ?? (error.code === 'PERSON_NOT_FOUND' ? [{ field: 'nhsNumber' }] : undefined))
      : undefined;
    if (!isDomainError(error) || error.details.expression || !fields?.length) throw error;
    const expression = [...new Set(fields.map((f) => elements[f.field] ?? f.field))];
    throw new DomainError(error.code, `${expression.join(', ')}: ${error.message}`, { ...error.details, expression });
  }
}

/**
 * Care events of some kinds as one FHIR type, a row a resource with what ended it (an admission's
 * discharge, a reablement's end). Partners create them (recorded by CareEventsService, as over
 * GraphQL: the same checks, triggers, notifications and reviews) and update them only by adding
 * that ending; anything else about a recorded event does not change. Recording needs
 * RECORD_CARE_EVENT and no relationship with the person (a hospital may have none), as over GraphQL.
 */
@Injectable()
abstract class CareEventResources extends SqlResources<EventRow> {
  protected abstract readonly kinds: CareEventKind[];
  /** What ends an event of these kinds (`x`, the first such event after `e`). */
  protected abstract readonly endedBy: string;
  /** The kind that records the ending. */
  protected abstract readonly endingKind: CareEventKind;
  protected abstract intakeOf(resource: Resource): CareEventIntake;

  constructor(private readonly events: CareEventsService) {
    super();
  }

  protected get source() {
    return `
      SELECT e.id, e.person_id AS "personId", pe.nhs_number AS "nhsNumber", e.kind, e.occurred_at AS "occurredAt",
        e.organisation_id AS "organisationId", e.care_home_setting AS "careHomeSetting", e.source_system AS "sourceSystem",
        e.source_identifier AS "sourceIdentifier", e.recorded_at AS "recordedAt", x.occurred_at AS "endedAt",
        x.discharge_destination AS "dischargeDestination", d.delays, d.days AS "delayedDays",
        greatest(e.recorded_at, x.recorded_at, d.recorded_at) AS "lastUpdated"
      FROM care_event e
      JOIN person pe ON pe.id = e.person_id
      LEFT JOIN LATERAL (
        SELECT x.occurred_at, x.discharge_destination, x.recorded_at FROM care_event x
        WHERE x.person_id = e.person_id AND ${this.endedBy} AND x.occurred_at >= e.occurred_at
        ORDER BY x.occurred_at, x.id LIMIT 1) x ON true
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS delays, sum(d.delayed_days)::int AS days, max(d.recorded_at) AS recorded_at FROM care_event d
        WHERE d.person_id = e.person_id AND d.kind = 'DELAYED_TRANSFER' AND d.admission_id = e.id) d
      WHERE e.kind IN (${this.kinds.map((k) => `'${k}'`).join(', ')})`;
  }

  protected readonly params = [...PATIENT_PARAMS, IDENTIFIER_PARAM];

  readonly writes: NonNullable<FhirType['writes']> = {
    ...this.createOnly(
      Activity.RECORD_CARE_EVENT,
      (resource) => this.intakeOf(resource),
      (db, intakes: CareEventIntake[], user) => this.recordAll(db, intakes, user),
    ),
    update: (db, id, resource, ifMatch, user) => this.update(db, id, resource, ifMatch, user!),
  };

  private async recordAll(db: EntityManager, intakes: CareEventIntake[], user: User): Promise<Found[]> {
    const nhsNumbers = await nhsNumbersOf(db, intakes.map((i) => i.patient), intakes[0].elements.nhsNumber);
    const ids: string[] = [];
    for (const [i, intake] of intakes.entries()) {
      const organisationOds = intake.organisation ? await odsCodeOf(db, intake.organisation, intake.elements.organisationOds) : undefined;
      const details = { nhsNumber: nhsNumbers[i], kind: intake.kind, occurredAt: intake.occurredAt, sourceIdentifier: intake.sourceIdentifier };
      const input = checkInput(
        RecordCareEventInput,
        definedOnly({ ...details, sourceSystem: intake.sourceSystem, organisationOds, careHomeSetting: intake.careHomeSetting }),
        intake.elements,
      );
      const receipt = await inElements(intake.elements, () => this.events.record(input, user, db, null));
      if (intake.ending) await this.end(db, receipt.id, { ...input, kind: intake.kind }, intake, user);
      ids.push(receipt.id);
    }
    return this.readMany(db, ids);
  }

  /**
   * Records what ends the event (an admission's discharge, a reablement's end), unless it is
   * recorded already as the resource says; a different ending is refused, as events never change.
   */
  private async end(db: EntityManager, eventId: string, started: RecordCareEventInput, intake: CareEventIntake, user: User): Promise<void> {
    const ending = intake.ending!;
    const [{ id: personId }] = await db.query(`SELECT id FROM person WHERE nhs_number = $1 FOR UPDATE`, [started.nhsNumber]);
    const current = (await this.read(db, eventId))!.resource as Encounter | EpisodeOfCare;
    const recorded = current.period?.end;
    if (recorded) {
      const destination = (current as Encounter).hospitalization?.dischargeDisposition?.coding?.[0]?.code;
      if (new Date(recorded).getTime() === ending.occurredAt.getTime() && destination === ending.dischargeDestination) return;
      throw new DomainError(
        started.kind === CareEventKind.EMERGENCY_ADMISSION ? 'ALREADY_DISCHARGED' : 'BAD_USER_INPUT',
        `${intake.elements['ending.occurredAt']}: it ended already, at ${recorded}: a recorded event does not change`,
        { expression: [intake.elements['ending.occurredAt']], personId },
      );
    }
    const discharge = this.endingKind === CareEventKind.DISCHARGE;
    const input = checkInput(
      RecordCareEventInput,
      definedOnly({
        nhsNumber: started.nhsNumber,
        kind: this.endingKind,
        occurredAt: ending.occurredAt,
        sourceSystem: started.sourceSystem,
        sourceIdentifier: `${started.sourceIdentifier}#${discharge ? 'discharge' : 'end'}`,
        organisationOds: started.organisationOds,
        ...(discharge ? { admissionEventId: eventId, dischargeDestination: ending.dischargeDestination } : {}),
      }),
      intake.elements,
    );
    const elements = {
      ...intake.elements,
      occurredAt: intake.elements['ending.occurredAt'],
      dischargeDestination: intake.elements['ending.dischargeDestination'],
    };
    await inElements(elements, () => this.events.record(input, user, db, null));
  }

  /**
   * An update may only add the ending (a discharge to an admission, an end to a reablement): the
   * rest of a recorded event is as it was recorded, and an ending is never taken away.
   */
  private async update(db: EntityManager, id: string, resource: Resource, ifMatch: number | undefined, user: User): Promise<Found> {
    const found = await this.read(db, id);
    if (!found) throw new DomainError('NOT_FOUND', `No ${this.type}/${id}: events are created with POST`);
    const version = found.resource.meta?.versionId;
    if (ifMatch !== undefined && String(ifMatch) !== version) {
      throw new DomainError('PRECONDITION_FAILED', `${this.type}/${id} is at version ${version}, not ${ifMatch}`, { currentVersion: Number(version) });
    }
    const intake = this.intakeOf(resource);
    const recorded = this.intakeOf(found.resource);
    const [nhsNumber] = await nhsNumbersOf(db, [intake.patient], intake.elements.nhsNumber);
    const organisation = intake.organisation ? await organisationOf(db, intake.organisation, intake.elements.organisationOds) : undefined;
    const changed: [string, boolean][] = [
      [intake.elements.nhsNumber, nhsNumber !== ((found.resource as Encounter).subject ?? (found.resource as EpisodeOfCare).patient)?.identifier?.value],
      [intake.elements.occurredAt, intake.occurredAt.getTime() !== recorded.occurredAt.getTime()],
      [`${this.type}.${this.type === 'Encounter' ? 'class' : 'type'}`, intake.kind !== recorded.kind || intake.careHomeSetting !== recorded.careHomeSetting],
      [intake.elements.sourceIdentifier, intake.sourceIdentifier !== recorded.sourceIdentifier || (intake.sourceSystem ?? user.subject) !== recorded.sourceSystem],
      [intake.elements.organisationOds, (organisation?.id ?? null) !== (recorded.organisation?.id ?? null)],
    ];
    const element = changed.find(([, differs]) => differs)?.[0];
    if (element) throw refuseElement(element, 'a recorded event does not change: an update may only add its ending');
    if (recorded.ending && !intake.ending) throw refuseElement(`${this.type}.status`, 'it has ended: an ending is not taken back');
    if (intake.ending) {
      const started = checkInput(
        RecordCareEventInput,
        definedOnly({
          nhsNumber,
          kind: recorded.kind,
          occurredAt: recorded.occurredAt,
          sourceSystem: recorded.sourceSystem,
          sourceIdentifier: recorded.sourceIdentifier,
          organisationOds: organisation?.odsCode,
        }),
        intake.elements,
      );
      await this.end(db, id, started, intake, user);
    }
    return (await this.read(db, id))!;
  }
}

/** Emergency admissions (with their discharge) and A&E attendances as Encounters. */
@Injectable()
export class EncounterResources extends CareEventResources {
  readonly type = 'Encounter';
  protected readonly kinds = [CareEventKind.EMERGENCY_ADMISSION, CareEventKind.AE_ATTENDANCE];
  protected readonly endedBy = `x.kind = 'DISCHARGE' AND x.admission_id = e.id`;
  protected readonly endingKind = CareEventKind.DISCHARGE;
  protected toFhir = toFhirEncounter;
  protected intakeOf(resource: Resource) {
    return fromFhirEncounter(resource as Encounter);
  }
}

/** Reablement (to its end) and permanent care home admissions as EpisodesOfCare. */
@Injectable()
export class EpisodeOfCareResources extends CareEventResources {
  readonly type = 'EpisodeOfCare';
  protected readonly kinds = [CareEventKind.REABLEMENT_START, CareEventKind.CARE_HOME_ADMISSION];
  protected readonly endedBy = `x.kind = 'REABLEMENT_END' AND e.kind = 'REABLEMENT_START'`;
  protected readonly endingKind = CareEventKind.REABLEMENT_END;
  protected toFhir = toFhirEpisodeOfCare;
  protected intakeOf(resource: Resource) {
    return fromFhirEpisodeOfCare(resource as EpisodeOfCare);
  }
}

/**
 * The lead professional's notifications as Communications: read and searched by patient and by
 * recipient, as part of the person's record (a relationship with the person, as the worklist
 * needs). Read-only: they are raised by the review triggers and acknowledged over GraphQL.
 */
@Injectable()
export class CommunicationResources extends SqlResources<NotificationRow> {
  readonly type = 'Communication';
  protected readonly params = [...PATIENT_PARAMS, referenceParam('recipient', 'Practitioner', 'q."professionalId"')];
  protected readonly source = `
    SELECT n.id, n.person_id AS "personId", pe.nhs_number AS "nhsNumber", n.professional_id AS "professionalId",
      concat_ws(' ', pr.given_name, pr.family_name) AS "professionalName", n.reason, n.occurred_at AS "occurredAt",
      n.created_at AS "sentAt", n.acknowledged_at AS "acknowledgedAt", n.review_due_date::text AS "reviewDueDate",
      n.care_plan_id AS "carePlanId", n.referral_id AS "referralId", rs.name AS "referralService", e.kind AS "eventKind",
      CASE WHEN e.kind = 'DISCHARGE' THEN e.admission_id WHEN e.kind IN ('EMERGENCY_ADMISSION','AE_ATTENDANCE') THEN e.id END
        AS "encounterId",
      e.discharge_destination AS "dischargeDestination", o.name AS "organisationName", tc.from_tier AS "fromTier",
      tc.to_tier AS "toTier", greatest(n.created_at, n.acknowledged_at) AS "lastUpdated"
    FROM notification n
    JOIN person pe ON pe.id = n.person_id
    JOIN professional pr ON pr.id = n.professional_id
    LEFT JOIN care_event e ON e.id = n.care_event_id
    LEFT JOIN organisation o ON o.id = e.organisation_id
    LEFT JOIN referral r ON r.id = n.referral_id
    LEFT JOIN referral_service rs ON rs.code = r.service_code
    LEFT JOIN person_tier_change tc ON tc.id = n.tier_change_id`;
  protected toFhir = toFhirCommunication;
}

const definedOnly = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));

/** The organisation a reference names (by id or ODS code), with its ODS code, or a refusal naming the element. */
async function organisationOf(db: EntityManager, ref: Ref, element: string): Promise<{ id: string; odsCode: string }> {
  const [found] =
    ref.id && !UUID.test(ref.id)
      ? []
      : await db.query(`SELECT id::text, ods_code AS "odsCode" FROM organisation WHERE ${ref.id ? 'id = $1::uuid' : 'ods_code = $1'}`, [
          ref.id ?? ref.identifier,
        ]);
  if (!found?.odsCode) throw refuseElement(element, `no organisation ${ref.id ? `Organization/${ref.id}` : ref.identifier} with an ODS code`, 'ORGANISATION_NOT_FOUND');
  return found;
}

const odsCodeOf = async (db: EntityManager, ref: Ref, element: string) => (await organisationOf(db, ref, element)).odsCode;
