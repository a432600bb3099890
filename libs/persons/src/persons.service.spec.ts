import { DataSource } from 'typeorm';
import { DomainError } from '@app/errors';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { aPerson, testNhsNumber } from '../../../test/support/builders';
import { NhsNumberVerificationStatus, Sex } from './person-codes';
import { PersonsService } from './persons.service';
import { RegisterPersonInput } from './person.types';

const newPerson = (overrides: Partial<RegisterPersonInput> = {}) =>
  ({ ...aPerson(), sex: Sex.FEMALE, ...overrides }) as RegisterPersonInput;

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof DomainError ? e.code : `not a domain error: ${String(e)}`),
  );

describe('PersonsService (against the database)', () => {
  let t: TestApp;
  let persons: PersonsService;
  let db: DataSource;
  const rowCount = async (nhsNumber: string) =>
    Number((await db.query('SELECT count(*) AS n FROM person WHERE nhs_number = $1', [nhsNumber]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    persons = t.app.get(PersonsService);
    db = t.dataSource;
  });
  afterAll(() => t.close());

  it('registers a person at version 1, not yet traced unless told otherwise', async () => {
    const input = newPerson();
    const person = await persons.register(input);
    expect(person).toMatchObject({
      nhsNumber: input.nhsNumber,
      version: 1,
      nhsNumberVerificationStatus: NhsNumberVerificationStatus.NUMBER_PRESENT_BUT_NOT_TRACED,
      flags: [],
    });
    expect(await persons.findByNhsNumber(input.nhsNumber)).toMatchObject({ id: person.id, familyName: 'Hale' });
  });

  it('fifty registrations of one NHS number at once leave exactly one person', async () => {
    const input = newPerson();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => persons.register({ ...input })));
    const registered = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as DomainError] : []));
    expect(registered).toHaveLength(1);
    expect(refused).toHaveLength(49);
    const winner = (registered[0] as PromiseFulfilledResult<{ id: string }>).value;
    for (const error of refused) {
      expect(error.code).toBe('DUPLICATE');
      expect(error.details.existingPersonId).toBe(winner.id);
    }
    expect(await rowCount(input.nhsNumber)).toBe(1);
  });

  it('an update that names the current version applies and moves the version on', async () => {
    const person = await persons.register(newPerson());
    const updated = await persons.update({
      nhsNumber: person.nhsNumber,
      expectedVersion: 1,
      postcode: 'CO15 1AA',
      flags: [],
      dateOfDeath: '2026-01-05',
    });
    expect(updated).toMatchObject({ version: 2, postcode: 'CO15 1AA', dateOfDeath: '2026-01-05', givenName: 'Margaret' });
  });

  it('an update from a stale version is refused and writes nothing', async () => {
    const person = await persons.register(newPerson());
    await persons.update({ nhsNumber: person.nhsNumber, expectedVersion: 1, givenName: 'Meg' });
    const error = await persons
      .update({ nhsNumber: person.nhsNumber, expectedVersion: 1, givenName: 'Peggy' })
      .catch((e: DomainError) => e);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect(await persons.findByNhsNumber(person.nhsNumber)).toMatchObject({ givenName: 'Meg', version: 2 });
  });

  it('of two updates racing from one version, one applies and the other is refused', async () => {
    const person = await persons.register(newPerson());
    const outcomes = await Promise.allSettled(
      ['Anne', 'Beth'].map((givenName) => persons.update({ nhsNumber: person.nhsNumber, expectedVersion: 1, givenName })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason.code === 'VERSION_CONFLICT')).toHaveLength(1);
    expect((await persons.findByNhsNumber(person.nhsNumber))?.version).toBe(2);
  });

  it('refuses a death before birth, a birth in the future and clearing a name, writing nothing', async () => {
    const person = await persons.register(newPerson({ dateOfBirth: '1950-01-01' }));
    const change = { nhsNumber: person.nhsNumber, expectedVersion: 1 };
    expect(await codeOf(persons.update({ ...change, dateOfDeath: '1949-12-31' }))).toBe('DATES_OUT_OF_ORDER');
    expect(await codeOf(persons.update({ ...change, dateOfBirth: '2999-01-01' }))).toBe('DATE_IN_FUTURE');
    expect(await codeOf(persons.update({ ...change, familyName: null as unknown as string }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(persons.register(newPerson({ dateOfBirth: '2999-01-01' })))).toBe('DATE_IN_FUTURE');
    expect(await persons.findByNhsNumber(person.nhsNumber)).toMatchObject({ version: 1, dateOfDeath: null });
  });

  it('updating someone not registered says so', async () => {
    expect(await codeOf(persons.update({ nhsNumber: testNhsNumber(), expectedVersion: 1, givenName: 'X' }))).toBe(
      'PERSON_NOT_FOUND',
    );
  });

  it('finds people by family name and date of birth, without regard to case, narrowed by given name', async () => {
    const familyName = 'Ó Briain';
    await persons.register(newPerson({ familyName, givenName: 'Siobhan', dateOfBirth: '1961-03-04' }));
    await persons.register(newPerson({ familyName, givenName: 'Sean', dateOfBirth: '1961-03-04' }));
    await persons.register(newPerson({ familyName, givenName: 'Sean', dateOfBirth: '1962-03-04' }));
    const both = await persons.findByNameAndBirthDate({ familyName: 'ó briain', dateOfBirth: '1961-03-04', limit: 20 });
    expect(both.map((p) => p.givenName)).toEqual(['Sean', 'Siobhan']);
    const one = await persons.findByNameAndBirthDate({ familyName, dateOfBirth: '1961-03-04', givenName: 'SI', limit: 20 });
    expect(one.map((p) => p.givenName)).toEqual(['Siobhan']);
    const none = await persons.findByNameAndBirthDate({ familyName, dateOfBirth: '1961-03-04', givenName: '%', limit: 20 });
    expect(none).toEqual([]);
  });

  it("pages through a practice's list in name order, each person once", async () => {
    const practice = 'F99001';
    const names = ['Zed', 'Able', 'Moss', 'Able', 'King', 'Baker', 'Young'];
    for (const familyName of names) await persons.register(newPerson({ familyName, gpPracticeOds: practice }));
    await persons.register(newPerson({ familyName: 'Other', gpPracticeOds: 'F99002' }));

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await persons.pageAtPractice({ gpPracticeOds: practice, first: 3, after });
      seen.push(...page.nodes.map((p) => p.familyName));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...names].sort());
  });
});
