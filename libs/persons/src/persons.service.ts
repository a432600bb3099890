import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { isUniqueViolation, ReplicaReads } from '@app/database';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { assertDatesInOrder, assertNotInFuture, definedOnly, refuseCleared } from '@app/validation';
import { NhsNumberVerificationStatus } from './person-codes';
import { Person } from './person.entity';
import { FindPersonsArgs, PersonsAtPracticeArgs, RegisterPersonInput, UpdatePersonInput } from './person.types';

/** Fields a person always has: an update may change them but never clear them. */
const REQUIRED = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'nhsNumberVerificationStatus',
  'addressLines',
  'flags',
  'communicationNeeds',
] as const;

/** What a new person has unless the registration says otherwise. */
const newPerson = () => ({
  nhsNumberVerificationStatus: NhsNumberVerificationStatus.NUMBER_PRESENT_BUT_NOT_TRACED,
  addressLines: [],
  postcode: null,
  gpPracticeOds: null,
  residenceLocalAuthority: null,
  dateOfDeath: null,
  flags: [],
  communicationNeeds: [],
  interpreterLanguage: null,
  reasonableAdjustments: null,
});

/** Birth and death are not in the future, and death does not come before birth. */
function assertLifeDates(person: Pick<Person, 'dateOfBirth' | 'dateOfDeath'>): void {
  assertNotInFuture(person.dateOfBirth, 'dateOfBirth');
  assertNotInFuture(person.dateOfDeath, 'dateOfDeath');
  assertDatesInOrder(person.dateOfBirth, person.dateOfDeath, 'dateOfDeath');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The person register: one row per NHS number. */
@Injectable()
export class PersonsService {
  constructor(
    @InjectRepository(Person) private readonly persons: Repository<Person>,
    private readonly replica: ReplicaReads,
  ) {}

  /**
   * Adds a person. The unique index on NHS number decides races: of many registrations of one
   * number at once, one succeeds and the rest are told who is already registered. Pass `db` to
   * register within a larger transaction (a FHIR transaction bundle).
   */
  async register(input: RegisterPersonInput, db: EntityManager = this.persons.manager): Promise<Person> {
    return (await this.registerMany([input], db))[0];
  }

  /**
   * Adds many people in one statement (a partner's bundle of new people), all or none: a number
   * given twice, or registered already, refuses them all (DUPLICATE, naming the first such number).
   * The caller may choose their ids (a FHIR transaction refers to them before they are written).
   */
  async registerMany(inputs: (RegisterPersonInput & { id?: string })[], db: EntityManager = this.persons.manager): Promise<Person[]> {
    const people = inputs.map((input) => {
      const person = this.persons.create({ ...newPerson(), ...definedOnly(input), version: 1 });
      assertLifeDates(person);
      return person;
    });
    const numbers = people.map((p) => p.nhsNumber);
    const twice = numbers.find((n, i) => numbers.indexOf(n) !== i);
    if (twice) throw new DomainError('DUPLICATE', `NHS number ${twice} is given for two people`, { nhsNumber: twice });
    try {
      // Its own (nested) transaction, so that a duplicate leaves a larger one usable for the refusal.
      await db.transaction((tx) => tx.insert(Person, people));
      return people;
    } catch (error) {
      if (isUniqueViolation(error, 'person_nhs_number_key')) throw await this.duplicateOf(numbers, db);
      throw error;
    }
  }

  /** Applies the changes if the person is still at the version the caller read. */
  async update(input: UpdatePersonInput, db: EntityManager = this.persons.manager): Promise<Person> {
    const { nhsNumber, expectedVersion, ...changes } = input;
    refuseCleared(changes, REQUIRED);
    return db.transaction(async (tx) => {
      const current = await this.lockByNhsNumber(tx, nhsNumber);
      if (current.version !== expectedVersion) {
        throw new DomainError(
          'VERSION_CONFLICT',
          `Person ${nhsNumber} is at version ${current.version}, not ${expectedVersion}: read it again and reapply your change`,
          { currentVersion: current.version },
        );
      }
      const changed = definedOnly(changes);
      const next = { ...current, ...changed, version: current.version + 1 };
      assertLifeDates(next);
      await tx.update(Person, { id: current.id }, { ...changed, version: next.version });
      return tx.findOneByOrFail(Person, { id: current.id });
    });
  }

  findByNhsNumber(nhsNumber: string): Promise<Person | null> {
    return this.persons.findOneBy({ nhsNumber });
  }

  /** People with this family name and date of birth, optionally narrowed by the start of a given name. */
  findByNameAndBirthDate({ familyName, dateOfBirth, givenName, limit }: FindPersonsArgs): Promise<Person[]> {
    const query = this.persons
      .createQueryBuilder('p')
      .where('lower(p.family_name) = lower(:familyName)', { familyName })
      .andWhere('p.date_of_birth = :dateOfBirth', { dateOfBirth });
    if (givenName) {
      query.andWhere("lower(p.given_name) LIKE lower(:given) || '%'", { given: escapeLike(givenName) });
    }
    return query.orderBy({ 'p.family_name': 'ASC', 'p.given_name': 'ASC', 'p.id': 'ASC' }).limit(limit).getMany();
  }

  /**
   * One page of a practice's registered list, in name order; one indexed query per page. A
   * population list, so a replica may answer it (a registration may show a moment late).
   */
  async pageAtPractice(args: PersonsAtPracticeArgs): Promise<Page<Person>> {
    return this.replica.read((db) => this.practicePage(db, args));
  }

  private async practicePage(db: EntityManager, { gpPracticeOds, first, after }: PersonsAtPracticeArgs): Promise<Page<Person>> {
    const query = db.createQueryBuilder(Person, 'p').where('p.gp_practice_ods = :gpPracticeOds', { gpPracticeOds });
    if (after) {
      const [familyName, givenName, id] = decodeCursor(after, 3);
      query.andWhere('(p.family_name, p.given_name, p.id) > (:familyName, :givenName, :id)', {
        familyName,
        givenName,
        id,
      });
    }
    const rows = await query
      .orderBy({ 'p.family_name': 'ASC', 'p.given_name': 'ASC', 'p.id': 'ASC' })
      .limit(first + 1)
      .getMany();
    return toPage(rows, first, (p) => [p.familyName, p.givenName, p.id]);
  }

  /**
   * The person, locked for the rest of the transaction: changes to what hangs off one person (their
   * care team, their lead professional) take this lock so that they happen one at a time.
   */
  async lockByNhsNumber(tx: EntityManager, nhsNumber: string): Promise<Person> {
    const person = await tx.findOne(Person, { where: { nhsNumber }, lock: { mode: 'pessimistic_write' } });
    if (!person) {
      throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    }
    return person;
  }

  /** The refusal for the first of these numbers that is registered already. */
  private async duplicateOf(nhsNumbers: string[], db: EntityManager): Promise<DomainError> {
    const existing = await db.findOne(Person, { where: { nhsNumber: In(nhsNumbers) }, order: { nhsNumber: 'ASC' } });
    const nhsNumber = existing?.nhsNumber ?? nhsNumbers[0];
    return new DomainError('DUPLICATE', `A person with NHS number ${nhsNumber} is already registered`, {
      nhsNumber,
      existingPersonId: existing?.id,
      existingVersion: existing?.version,
    });
  }
}
