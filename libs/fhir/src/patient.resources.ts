import { Injectable } from '@nestjs/common';
import type { Patient, Resource } from '@medplum/fhirtypes';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Activity } from '@app/access';
import { DomainError } from '@app/errors';
import { Person, PersonsService, RegisterPersonInput, UpdatePersonInput } from '@app/persons';
import { checkInput } from './check-input';
import { refuseElement } from './fhir-refusal';
import { ParsedSearch, parseToken } from './fhir-search';
import { EntityResources, UUID } from './entity-resources';
import { Found, FhirType, Written } from './fhir-type';
import { fromFhirPatient, toFhirPatient } from './patient.fhir';
import { NHS_NUMBER_SYSTEM } from './uk-core';

/** The FHIR element behind each field of the register, for refusals. */
const ELEMENT: Record<string, string> = {
  nhsNumber: 'Patient.identifier.value',
  nhsNumberVerificationStatus: 'Patient.identifier.extension',
  givenName: 'Patient.name.given',
  familyName: 'Patient.name.family',
  dateOfBirth: 'Patient.birthDate',
  sex: 'Patient.gender',
  addressLines: 'Patient.address.line',
  postcode: 'Patient.address.postalCode',
  gpPracticeOds: 'Patient.generalPractitioner.identifier.value',
  residenceLocalAuthority: 'Patient.extension',
  dateOfDeath: 'Patient.deceasedDateTime',
  flags: 'Patient.extension',
  communicationNeeds: 'Patient.extension',
  interpreterLanguage: 'Patient.communication.language',
  reasonableAdjustments: 'Patient.extension',
};


/** The person register as FHIR Patients: read, version read, history, search, create and update. */
@Injectable()
export class PatientResources extends EntityResources<Person> implements FhirType {
  readonly type = 'Patient';
  readonly readActivity = Activity.VIEW_PERSON_RECORD;
  protected readonly entity = Person;
  protected readonly personColumn = 'id';
  protected readonly params = [
    {
      name: 'identifier',
      type: 'token' as const,
      namesOne: true,
      documentation: `NHS number: ${NHS_NUMBER_SYSTEM}|<10 digits>`,
      where: (query: SelectQueryBuilder<any>, raw: string, key: string) => {
        const { system, value } = parseToken('identifier', raw);
        if (system && system !== NHS_NUMBER_SYSTEM) throw refuseElement('identifier', `patients are identified by ${NHS_NUMBER_SYSTEM}`);
        query.andWhere(`q.nhs_number = :${key}`, { [key]: value.replace(/[\s-]/g, '') });
      },
    },
  ];

  constructor(
    private readonly persons: PersonsService,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  protected toFhir(person: Person) {
    return toFhirPatient(person);
  }

  protected personOf(person: Person) {
    return person.id;
  }

  /** A person as a version kept by the person_version trigger (the row as JSON, columns by name). */
  private fromRecord(record: Record<string, unknown>): Person {
    const person = new Person();
    for (const column of this.dataSource.getMetadata(Person).columns) {
      const value = record[column.databaseName];
      (person as any)[column.propertyName] = column.type === 'timestamptz' && typeof value === 'string' ? new Date(value) : value;
    }
    return person;
  }

  private async versions(db: EntityManager, id: string, version?: number): Promise<Found[]> {
    if (!UUID.test(id)) return [];
    const rows: { record: Record<string, unknown>; position: string }[] = await db.query(
      `SELECT v.record, to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
       FROM person_version v WHERE v.person_id = $1 AND ($2::int IS NULL OR v.version = $2) ORDER BY v.version DESC`,
      [id, version ?? null],
    );
    return rows.map((r) => this.found(this.fromRecord(r.record), r.position));
  }

  async version(db: EntityManager, id: string, version: number): Promise<Found | undefined> {
    return (await this.versions(db, id, version))[0];
  }

  history(db: EntityManager, id: string): Promise<Found[]> {
    return this.versions(db, id);
  }

  readonly writes = {
    createActivity: Activity.REGISTER_PERSON,
    updateActivity: Activity.CHANGE_PERSON_RECORD,
    prepare: (resource: Resource) => checkInput(RegisterPersonInput, fromFhirPatient(resource as Patient), ELEMENT),
    createMany: async (db: EntityManager, prepared: unknown[], ids: string[]) => {
      const inputs = (prepared as RegisterPersonInput[]).map((input, i) => ({ ...input, id: ids[i] }));
      return (await this.persons.registerMany(inputs, db)).map((p) => this.found(p, p.updatedAt.toISOString()));
    },
    createIfNoneExist: (db: EntityManager, prepared: unknown, ifNoneExist: ParsedSearch) =>
      this.createIfNoneExist(db, prepared as RegisterPersonInput, ifNoneExist),
    update: (db: EntityManager, id: string, resource: Resource, ifMatch?: number) => this.update(db, id, resource as Patient, ifMatch),
    personOf: async (db: EntityManager, resource: Resource, id?: string) => {
      if (id) return UUID.test(id) ? ((await db.findOneBy(Person, { id }))?.id ?? null) : null;
      const nhsNumber = fromFhirPatient(resource as Patient).nhsNumber.replace(/[\s-]/g, '');
      return (await db.findOneBy(Person, { nhsNumber }))?.id ?? null;
    },
  };

  /**
   * The person already matching, or the person registered. The unique NHS number decides races:
   * of many conditional creates of one person at once, one registers and the others are given
   * that person.
   */
  private async createIfNoneExist(db: EntityManager, input: RegisterPersonInput, ifNoneExist: ParsedSearch): Promise<Written> {
    const matching = async () => {
      const matches = await this.search(db, { ...ifNoneExist, count: 1, after: undefined });
      if (matches.length > 1) throw new DomainError('PRECONDITION_FAILED', 'If-None-Exist matches more than one patient');
      return matches[0];
    };
    const existing = await matching();
    if (existing) return { found: existing, created: false };
    try {
      const person = await this.persons.register(input, db);
      return { found: this.found(person, person.updatedAt.toISOString()), created: true };
    } catch (error) {
      const raced = error instanceof DomainError && error.code === 'DUPLICATE' ? await matching() : undefined;
      if (raced) return { found: raced, created: false };
      throw error;
    }
  }

  private async update(db: EntityManager, id: string, patient: Patient, ifMatch?: number): Promise<Found> {
    if (patient.id !== id) throw refuseElement('Patient.id', `must be ${id}, the id in the address`);
    const current = UUID.test(id) ? await db.findOneBy(Person, { id }) : null;
    if (!current) throw new DomainError('PERSON_NOT_FOUND', `No Patient/${id}: patients are created with POST, and the service gives the id`);
    const { nhsNumber, ...details } = fromFhirPatient(patient);
    if (nhsNumber.replace(/[\s-]/g, '') !== current.nhsNumber) {
      throw refuseElement('Patient.identifier', `the NHS number of Patient/${id} is ${current.nhsNumber}; it does not change`);
    }
    const input = checkInput(UpdatePersonInput, { ...details, nhsNumber, expectedVersion: ifMatch ?? current.version }, ELEMENT);
    try {
      await this.persons.update(input, db);
    } catch (error) {
      if (ifMatch !== undefined && error instanceof DomainError && error.code === 'VERSION_CONFLICT') {
        throw new DomainError('PRECONDITION_FAILED', `If-Match: Patient/${id} is not at version ${ifMatch}; nothing was written`, error.details);
      }
      throw error;
    }
    return (await this.read(db, id))!;
  }
}
