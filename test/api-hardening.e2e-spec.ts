import request from 'supertest';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const analyst: TestUser = { sub: 'analyst', org: 'F81001', roles: ['POPULATION_ANALYST'] };

describe('GraphQL limits', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_COST: '500', RATE_LIMIT_PER_MINUTE: '30' })));
  afterAll(() => t.close());

  it('refuses an operation nested deeper than allowed, before resolving anything', async () => {
    const deep = `{ organisation(id: "00000000-0000-4000-8000-000000000000") { parent { parent { parent { parent { parent { parent { name } } } } } } } }`;
    const response = await t.gql(deep);
    expect(response.errors?.[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('counts a list as its page size times its fields, and refuses what asks for too much', async () => {
    const page = `query ($first: Int!) { personsAtPractice(gpPracticeOds: "F81001", first: $first) { nodes { nhsNumber familyName givenName } } }`;
    expect((await t.gql(page, { first: 200 }, analyst)).errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect((await t.gql(page, { first: 20 }, analyst)).errors).toBeUndefined();
  });

  it('takes one operation a request: a batch is refused', async () => {
    const token = await t.tokenFor(analyst);
    const response = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send([{ query: '{ me { subject } }' }, { query: '{ me { subject } }' }]);
    expect(response.status).toBe(400);
  });

  it('grants nothing to a role it does not know', async () => {
    const response = await t.gql('{ me { subject } }', {}, { sub: 'odd', roles: ['ARCHITECT'] });
    expect(response.errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
  });

  it('limits how fast one user may ask, leaving others alone', async () => {
    const hasty: TestUser = { sub: 'hasty', roles: ['POPULATION_ANALYST'] };
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 32; i += 1) codes.push((await t.gql('{ me { subject } }', {}, hasty)).errors?.[0].extensions.code);
    expect(codes.filter((c) => c === undefined)).toHaveLength(30);
    expect(codes.slice(30)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect((await t.gql('{ me { subject } }', {}, analyst)).data?.me).toEqual({ subject: 'analyst' });
  });
});

describe('In production', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ NODE_ENV: 'production' })));
  afterAll(() => t.close());

  it('does not describe its schema to whoever asks', async () => {
    const response = await t.gql('{ __schema { types { name } } }', {}, analyst);
    expect(response.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toMatch(/introspection/i);
  });
});
