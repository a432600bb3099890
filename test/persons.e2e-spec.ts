import request from 'supertest';
import { aPerson } from './support/builders';
import { DEFAULT_TEST_USER, startTestApp, TestApp } from './support/test-app';

/** A GP at another practice, F81777, whose list these tests page through. */
const gpAtF81777 = { ...DEFAULT_TEST_USER, sub: 'gp-f81777', org: 'F81777' };

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterPersonInput!) {
    registerPerson(input: $input) { id nhsNumber givenName familyName postcode gpPracticeOds version nhsNumberVerificationStatus flags }
  }`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdatePersonInput!) {
    updatePerson(input: $input) { nhsNumber postcode flags communicationNeeds interpreterLanguage version }
  }`;
const BY_NHS_NUMBER = /* GraphQL */ `
  query Person($nhsNumber: String!) { person(nhsNumber: $nhsNumber) { id nhsNumber familyName version } }`;

describe('The person register over GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('registers a person written 3-3-4 with spaces and finds them by any way of writing the number', async () => {
    const registered = await t.gql(REGISTER, {
      input: aPerson({ nhsNumber: '943 476 5919', postcode: 'co4  5jl', gpPracticeOds: 'f81001', flags: ['DEMENTIA'] }),
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerPerson).toMatchObject({
      nhsNumber: '9434765919',
      postcode: 'CO4 5JL',
      gpPracticeOds: 'F81001',
      version: 1,
      nhsNumberVerificationStatus: 'NUMBER_PRESENT_BUT_NOT_TRACED',
      flags: ['DEMENTIA'],
    });
    for (const written of ['9434765919', '943-476-5919']) {
      const found = await t.gql(BY_NHS_NUMBER, { nhsNumber: written });
      expect(found.data?.person).toMatchObject({ id: registered.data?.registerPerson.id });
    }
  });

  it('answers null for a valid NHS number nobody is registered with', async () => {
    const found = await t.gql(BY_NHS_NUMBER, { nhsNumber: '4010232137' });
    expect(found).toEqual({ data: { person: null } });
  });

  it.each([
    ['943476591', 'must have 10 digits, not 9'],
    ['9434765918', 'the check digit should be 9'],
    ['943-476-591X', 'may contain only digits'],
  ])('refuses the NHS number %j with NHS_NUMBER_INVALID and says why', async (nhsNumber, why) => {
    const lookup = await t.gql(BY_NHS_NUMBER, { nhsNumber });
    const register = await t.gql(REGISTER, { input: aPerson({ nhsNumber }) });
    for (const response of [lookup, register]) {
      expect(response.errors?.[0].extensions.code).toBe('NHS_NUMBER_INVALID');
      expect(response.errors?.[0].message).toContain(why);
    }
  });

  it('a second registration of one NHS number is refused with DUPLICATE naming the person already registered', async () => {
    const input = aPerson();
    const first = await t.gql(REGISTER, { input });
    const second = await t.gql(REGISTER, { input: { ...input, givenName: 'Someone else' } });
    expect(second.errors?.[0].extensions).toMatchObject({
      code: 'DUPLICATE',
      existingPersonId: first.data?.registerPerson.id,
    });
  });

  it('updates with the version read, and refuses a stale version with VERSION_CONFLICT', async () => {
    const { nhsNumber } = aPerson();
    await t.gql(REGISTER, { input: aPerson({ nhsNumber }) });
    const updated = await t.gql(UPDATE, {
      input: { nhsNumber, expectedVersion: 1, communicationNeeds: ['INTERPRETER'], interpreterLanguage: 'Polish' },
    });
    expect(updated.data?.updatePerson).toMatchObject({ version: 2, communicationNeeds: ['INTERPRETER'], interpreterLanguage: 'Polish' });

    const stale = await t.gql(UPDATE, { input: { nhsNumber, expectedVersion: 1, postcode: 'SS1 1AA' } });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    expect((await t.gql(BY_NHS_NUMBER, { nhsNumber })).data?.person.version).toBe(2);

    const cleared = await t.gql(UPDATE, { input: { nhsNumber, expectedVersion: 2, interpreterLanguage: null } });
    expect(cleared.data?.updatePerson).toMatchObject({ version: 3, interpreterLanguage: null });
  });

  it.each([
    ['a date of birth that does not exist', { dateOfBirth: '1950-02-30' }, 'BAD_USER_INPUT', 'dateOfBirth'],
    ['a postcode that is not one', { postcode: 'NOT A CODE' }, 'BAD_USER_INPUT', 'postcode'],
    ['an ODS code with punctuation', { gpPracticeOds: 'F81-001' }, 'BAD_USER_INPUT', 'gpPracticeOds'],
    ['a blank family name', { familyName: '   ' }, 'BAD_USER_INPUT', 'familyName'],
    ['a flag twice', { flags: ['DEMENTIA', 'DEMENTIA'] }, 'BAD_USER_INPUT', 'flags'],
    ['a birth in the future', { dateOfBirth: '2999-01-01' }, 'DATE_IN_FUTURE', 'dateOfBirth'],
    ['a death before birth', { dateOfBirth: '1950-01-01', dateOfDeath: '1940-01-01' }, 'DATES_OUT_OF_ORDER', 'dateOfDeath'],
  ])('refuses %s with its code naming the field, and registers nobody', async (_what, change, code, field) => {
    const input = aPerson(change);
    const response = await t.gql(REGISTER, { input });
    expect(response.errors?.[0].extensions.code).toBe(code);
    expect(response.errors?.[0].extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect((await t.gql(BY_NHS_NUMBER, { nhsNumber: input.nhsNumber })).data?.person).toBeNull();
  });

  it('refuses an unknown sex with a GraphQL input error, never an internal error', async () => {
    const response = await t.gql(REGISTER, { input: aPerson({ sex: 'F' }) });
    expect(response.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('updating someone not registered answers PERSON_NOT_FOUND', async () => {
    const response = await t.gql(UPDATE, { input: { nhsNumber: '4010232137', expectedVersion: 1, postcode: 'SS1 1AA' } });
    expect(response.errors?.[0].extensions.code).toBe('PERSON_NOT_FOUND');
  });

  it('finds people by name and date of birth, and pages through a practice', async () => {
    for (const givenName of ['Ann', 'Bea', 'Cat']) {
      await t.gql(REGISTER, { input: aPerson({ givenName, familyName: 'Tilbury', dateOfBirth: '1944-06-06', gpPracticeOds: 'F81777' }) });
    }
    const found = await t.gql(`{ findPersons(familyName: "TILBURY", dateOfBirth: "1944-06-06", givenName: "b") { givenName } }`, {}, gpAtF81777);
    expect(found.data?.findPersons).toEqual([{ givenName: 'Bea' }]);

    const PAGE = `query Page($after: String) { personsAtPractice(gpPracticeOds: "F81777", first: 2, after: $after) {
      nodes { givenName } pageInfo { hasNextPage endCursor } } }`;
    const first = (await t.gql(PAGE, {}, gpAtF81777)).data?.personsAtPractice;
    expect(first.nodes).toEqual([{ givenName: 'Ann' }, { givenName: 'Bea' }]);
    const second = (await t.gql(PAGE, { after: first.pageInfo.endCursor }, gpAtF81777)).data?.personsAtPractice;
    expect(second).toEqual({ nodes: [{ givenName: 'Cat' }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) } });
  });

  it('refuses a page larger than the maximum and a forged cursor', async () => {
    const big = await t.gql(`{ personsAtPractice(gpPracticeOds: "F81777", first: 5000) { nodes { id } } }`, {}, gpAtF81777);
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first', message: expect.any(String) }] });
    const forged = await t.gql(`{ personsAtPractice(gpPracticeOds: "F81777", after: "bm9wZQ") { nodes { id } } }`, {}, gpAtF81777);
    expect(forged.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses fields the input does not have, and malformed requests, with client error codes', async () => {
    const extra = await t.gql(REGISTER, { input: { ...aPerson(), favouriteColour: 'blue' } });
    expect(extra.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const syntax = await t.gql('{ person(nhsNumber: ');
    expect(syntax.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await t.gql('{ nobody { id } }');
    expect(unknown.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports itself ready when its database answers', async () => {
    const response = await request(t.app.getHttpServer()).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });
});
