import request from 'supertest';
import { aPerson } from './support/builders';
import { startTestApp, TestApp } from './support/test-app';

/** One sample's value from the Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? wanted.every((w) => l.includes(w)) : false);
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics for Prometheus', () => {
  let t: TestApp;
  const scrape = async () => (await request(t.app.getHttpServer()).get('/metrics').expect(200)).text;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are served without a token in the Prometheus text format, holding nothing about a person', async () => {
    const response = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('# TYPE graphql_operations_total counter');
    expect(response.text).toContain('process_resident_memory_bytes');
  });

  it('count and time each GraphQL operation by its root field and outcome', async () => {
    const person = aPerson();
    const before = await scrape();
    const registered = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
    expect(registered.errors).toBeUndefined();
    await t.gql(`query ($n: String!) { person(nhsNumber: $n) { id } }`, { n: person.nhsNumber });
    await t.gql(`query ($n: String!) { person(nhsNumber: $n) { id } }`, { n: '1234567890' });
    const after = await scrape();

    const count = (text: string, labels: Record<string, string>) => sample(text, 'graphql_operations_total', labels) ?? 0;
    expect(count(after, { operation: 'registerPerson', kind: 'mutation', outcome: 'ok' }) - count(before, { operation: 'registerPerson', outcome: 'ok' })).toBe(1);
    expect(count(after, { operation: 'person', kind: 'query', outcome: 'ok' }) - count(before, { operation: 'person', outcome: 'ok' })).toBe(1);
    expect(count(after, { operation: 'person', outcome: 'NHS_NUMBER_INVALID' })).toBe(1);
    expect(sample(after, 'graphql_operation_duration_seconds_count', { operation: 'person', kind: 'query' })).toBeGreaterThanOrEqual(2);
  });

  it('time HTTP requests by route pattern, and show the database pool in use', async () => {
    await request(t.app.getHttpServer()).get('/health').expect(200);
    const text = await scrape();
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/health', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'database_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'database_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
  });
});
