import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessCheck } from '@app/access';
import type { User } from '@app/access';
import { isUniqueViolation } from '@app/database';
import { DomainError } from '@app/errors';
import { Organisation } from '@app/organisations';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { Person, PersonsService } from '@app/persons';
import { CareEventKind } from './care-event-codes';
import { CareEvent } from './care-event.entity';
import { CareEventReceipt, CareEventsArgs, RecordCareEventInput } from './care-event.types';

/** The detail each kind must carry, and only that kind. */
const DETAIL_OF: Record<string, CareEventKind> = {
  dischargeDestination: CareEventKind.DISCHARGE,
  careHomeSetting: CareEventKind.CARE_HOME_ADMISSION,
  delayedDays: CareEventKind.DELAYED_TRANSFER,
  placeOfDeath: CareEventKind.DEATH,
};
const WITH_ADMISSION = [CareEventKind.DISCHARGE, CareEventKind.DELAYED_TRANSFER];

const badInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { fields: [{ field, message }] });

/** A refusal when the kind's details are missing, or another kind's are given. Pure. */
export function checkEventDetails(input: RecordCareEventInput): void {
  for (const [field, kind] of Object.entries(DETAIL_OF)) {
    const given = input[field as keyof RecordCareEventInput] != null;
    if (given && input.kind !== kind) throw badInput(field, `only for ${kind}`);
    if (!given && input.kind === kind) throw badInput(field, `required for ${kind}`);
  }
  if (input.admissionEventId && !WITH_ADMISSION.includes(input.kind)) {
    throw badInput('admissionEventId', 'only for a discharge or a delayed transfer');
  }
  if (input.kind === CareEventKind.DELAYED_TRANSFER && !input.admissionEventId) {
    throw badInput('admissionEventId', 'a delayed transfer names the admission it delays');
  }
}

/**
 * Care events: recorded once per source identifier (a retry gives the same event back), checked
 * against the person's other events, audited in their transaction. What they trigger (the lead's
 * notification, the plan's review) is done by the database in the same transaction, whoever
 * writes the event (GraphQL, FHIR, a bulk load).
 */
@Injectable()
export class CareEventsService {
  constructor(
    private readonly db: DataSource,
    private readonly persons: PersonsService,
    private readonly access: AccessCheck,
  ) {}

  /**
   * Records the event, or gives back the one already recorded with its source identifier. Pass
   * `db` to record it inside a transaction of the caller's (a FHIR transaction bundle), and
   * `auditAs: null` when the caller audits the change itself (the FHIR API does).
   */
  async record(
    input: RecordCareEventInput,
    user: User,
    db: EntityManager = this.db.manager,
    auditAs: string | null = 'Mutation.recordCareEvent',
  ): Promise<CareEventReceipt> {
    checkEventDetails(input);
    if (input.occurredAt.getTime() > Date.now()) {
      throw new DomainError('DATE_IN_FUTURE', 'occurredAt is in the future', { fields: [{ field: 'occurredAt', message: 'in the future' }] });
    }
    const sourceSystem = input.sourceSystem ?? user.subject;
    try {
      // Inside a caller's transaction this is a savepoint, so a lost race leaves it usable.
      return await db.transaction((tx) => this.write(tx, input, sourceSystem, user, auditAs));
    } catch (error) {
      if (isUniqueViolation(error, 'care_event_source_key')) {
        const existing = await db.findOneByOrFail(CareEvent, { sourceSystem, sourceIdentifier: input.sourceIdentifier });
        const [person] = await db.query(`SELECT id FROM person WHERE nhs_number = $1`, [input.nhsNumber]);
        return repeated(existing, person?.id, input.kind);
      }
      throw error;
    }
  }

  /** A person's events, newest first. */
  async history({ nhsNumber, first, after }: CareEventsArgs): Promise<Page<CareEvent>> {
    const person = await this.persons.findByNhsNumber(nhsNumber);
    if (!person) throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    const query = this.db.manager
      .createQueryBuilder(CareEvent, 'e')
      .leftJoinAndSelect('e.person', 'person')
      .leftJoinAndSelect('e.organisation', 'organisation')
      .where('e.person_id = :personId', { personId: person.id });
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      query.andWhere('(e.occurred_at, e.id) < (:at::timestamptz, :id::uuid)', { at, id });
    }
    const rows = await query.orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').limit(first + 1).getMany();
    return toPage(rows, first, (e) => [e.occurredAt.toISOString(), e.id]);
  }

  private async write(
    tx: EntityManager,
    input: RecordCareEventInput,
    sourceSystem: string,
    user: User,
    auditAs: string | null,
  ): Promise<CareEventReceipt> {
    const person = await this.persons.lockByNhsNumber(tx, input.nhsNumber);
    const existing = await tx.findOneBy(CareEvent, { sourceSystem, sourceIdentifier: input.sourceIdentifier });
    if (existing) return repeated(existing, person.id, input.kind);
    await assertAfterBirth(tx, person, input.occurredAt);
    const organisationId = input.organisationOds ? await organisationOf(tx, input.organisationOds) : null;
    const admission = input.admissionEventId ? await this.admission(tx, person.id, input) : null;
    if (input.kind === CareEventKind.DEATH) await refuseIfRecorded(tx, person.id, 'DEATH', null);
    if (input.kind === CareEventKind.DISCHARGE && admission) await refuseIfRecorded(tx, person.id, 'DISCHARGE', admission.id);

    const [row] = await tx.query(
      `INSERT INTO care_event (person_id, kind, occurred_at, organisation_id, admission_id, admitted_at, admission_kind,
                               discharge_destination, care_home_setting, delayed_days, place_of_death, note,
                               source_system, source_identifier, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       RETURNING id, recorded_at`,
      [
        person.id,
        input.kind,
        input.occurredAt,
        organisationId,
        admission?.id ?? null,
        admission?.occurredAt ?? null,
        admission ? CareEventKind.EMERGENCY_ADMISSION : null,
        input.dischargeDestination ?? null,
        input.careHomeSetting ?? null,
        input.delayedDays ?? null,
        input.placeOfDeath ?? null,
        input.note ?? null,
        sourceSystem,
        input.sourceIdentifier,
        user.subject,
      ],
    );
    if (input.kind === CareEventKind.DEATH) {
      // The register follows: its date of death (and with it the Patient resource partners receive).
      await tx.query(
        `UPDATE person SET date_of_death = ($2::timestamptz AT TIME ZONE 'Europe/London')::date, updated_at = now()
         WHERE id = $1 AND date_of_death IS NULL`,
        [person.id, input.occurredAt],
      );
    }
    if (auditAs) await this.access.recordChanges(user, auditAs, [{ personId: person.id, entity: CareEvent.name }], tx);
    return { id: row.id, kind: input.kind, occurredAt: input.occurredAt, recordedAt: new Date(row.recorded_at), alreadyRecorded: false };
  }

  /** The person's emergency admission the event names, which it must not precede. */
  private async admission(tx: EntityManager, personId: string, input: RecordCareEventInput): Promise<CareEvent> {
    const admission = await tx.findOneBy(CareEvent, { id: input.admissionEventId, personId, kind: CareEventKind.EMERGENCY_ADMISSION });
    if (!admission) {
      throw new DomainError('CARE_EVENT_NOT_FOUND', `No emergency admission of this person with id ${input.admissionEventId}`, {
        fields: [{ field: 'admissionEventId', message: 'not an emergency admission of this person' }],
      });
    }
    if (input.occurredAt < admission.occurredAt) {
      throw new DomainError('DATES_OUT_OF_ORDER', 'occurredAt is before the admission', {
        fields: [{ field: 'occurredAt', message: `before the admission at ${admission.occurredAt.toISOString()}` }],
      });
    }
    return admission;
  }
}

function repeated(existing: CareEvent, personId: string | undefined, kind: CareEventKind): CareEventReceipt {
  if (existing.personId !== personId || existing.kind !== kind) {
    throw new DomainError('SOURCE_IDENTIFIER_REUSED', 'This source identifier was recorded for a different event', {
      existingEventId: existing.id,
      fields: [{ field: 'sourceIdentifier', message: 'already used for another event' }],
    });
  }
  return { id: existing.id, kind: existing.kind, occurredAt: existing.occurredAt, recordedAt: existing.recordedAt, alreadyRecorded: true };
}

async function assertAfterBirth(tx: EntityManager, person: Person, occurredAt: Date): Promise<void> {
  const [row] = await tx.query(`SELECT ($2::timestamptz AT TIME ZONE 'Europe/London')::date < $1::date AS before`, [
    person.dateOfBirth,
    occurredAt,
  ]);
  if (row.before) {
    throw new DomainError('DATES_OUT_OF_ORDER', 'occurredAt is before the person was born', {
      fields: [{ field: 'occurredAt', message: 'before the date of birth' }],
    });
  }
}

async function organisationOf(tx: EntityManager, odsCode: string): Promise<string> {
  const organisation = await tx.findOneBy(Organisation, { odsCode });
  if (!organisation) {
    throw new DomainError('ORGANISATION_NOT_FOUND', `No organisation with ODS code ${odsCode}`, {
      fields: [{ field: 'organisationOds', message: 'unknown organisation' }],
    });
  }
  return organisation.id;
}

async function refuseIfRecorded(tx: EntityManager, personId: string, kind: 'DEATH' | 'DISCHARGE', admissionId: string | null) {
  const existing = await tx.findOneBy(CareEvent, admissionId ? { admissionId, kind: CareEventKind.DISCHARGE } : { personId, kind: CareEventKind.DEATH });
  if (!existing) return;
  throw kind === 'DEATH'
    ? new DomainError('DEATH_ALREADY_RECORDED', "This person's death is recorded already", { existingEventId: existing.id })
    : new DomainError('ALREADY_DISCHARGED', 'This admission has a discharge already', { existingEventId: existing.id });
}
