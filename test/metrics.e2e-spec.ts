import request from 'supertest';
import { PartnerDeliveries, PartnerSync } from '@app/partners';
import { aPerson } from './support/builders';
import { fhirClient } from './support/fhir-client';
import { PartnerFhirServer } from './support/partner-fhir-server';
import { sample } from './support/prometheus-text';
import { startTestApp, TestApp } from './support/test-app';

describe('metrics for Prometheus', () => {
  let t: TestApp;
  const scrape = async () => (await request(t.app.getHttpServer()).get('/metrics').expect(200)).text;

  beforeAll(async () => {
    // Figures read from the database afresh at every scrape, so that each step shows at once.
    t = await startTestApp({ METRICS_CACHE_SECONDS: '0', SYNC_MAX_ATTEMPTS: '1' });
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

  it('count and time FHIR interactions by interaction and resource type', async () => {
    const person = aPerson();
    await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
    const fhir = fhirClient(t);
    const before = await scrape();
    const found = await fhir.get(`/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${person.nhsNumber}`);
    expect(found.status).toBe(200);
    const id = found.body.entry[0].resource.id;
    expect((await fhir.get(`/Patient/${id}`)).status).toBe(200);
    await fhir.get('/metadata');
    const after = await scrape();

    const read = (text: string) => sample(text, 'fhir_interactions_total', { interaction: 'read', type: 'Patient', status: '200' }) ?? 0;
    expect(read(after) - read(before)).toBe(1);
    expect(sample(after, 'fhir_interactions_total', { interaction: 'search-type', type: 'Patient', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'fhir_interactions_total', { interaction: 'capabilities', type: 'none' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'fhir_interaction_duration_seconds_count', { interaction: 'read', type: 'Patient' })).toBeGreaterThanOrEqual(1);
    // A type nobody has answered for does not become a label of its own.
    await fhir.get('/NoSuchThing/123');
    expect(await scrape()).not.toContain('type="NoSuchThing"');
  });

  it('count every audit row written, whichever part of the service wrote it', async () => {
    const person = aPerson();
    await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
    const before = sample(await scrape(), 'audit_events_written_total')!;
    await t.gql(`query ($n: String!) { person(nhsNumber: $n) { id } }`, { n: person.nhsNumber });
    await t.gql(`query ($n: String!) { person(nhsNumber: $n) { id } }`, { n: person.nhsNumber }, { sub: 'stranger', org: 'Y99999', roles: ['GP'] });
    const [{ written }] = await t.dataSource.query(`SELECT count(*)::int AS written FROM audit_event`);
    const after = sample(await scrape(), 'audit_events_written_total')!;
    expect(after - before).toBe(2); // the read, and the stranger's refusal
    expect(after).toBe(written);
  });

  it("show each partner's undelivered and parked messages and the outbox waiting, as the worker does its work", async () => {
    const partner = await PartnerFhirServer.start();
    try {
      const registered = await t.gql(
        `mutation ($input: RegisterPartnerSystemInput!) { registerPartnerSystem(input: $input) { id } }`,
        { input: { name: 'Essex adult social care', authKind: 'NONE', resourceTypes: ['Patient'], baseUrl: partner.baseUrl,
                   scopeKind: 'RESIDENT_IN_LOCAL_AUTHORITY', scopeCode: 'E10000012' } },
      );
      expect(registered.errors).toBeUndefined();
      const sync = t.app.get(PartnerSync);
      while ((await sync.runOnce()).fannedOut > 0); // nothing from earlier tests
      const partnerLabel = { partner: 'Essex adult social care' };
      expect(sample(await scrape(), 'partner_messages_undelivered', partnerLabel)).toBe(0);

      const refused = aPerson({ residenceLocalAuthority: 'E10000012' });
      const accepted = aPerson({ residenceLocalAuthority: 'E10000012' });
      const ids: string[] = [];
      for (const person of [refused, accepted]) {
        const r = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
        ids.push(r.data!.registerPerson.id);
      }
      partner.refuse('Patient', ids[0]);
      const waiting = await scrape();
      expect(sample(waiting, 'outbox_changes_waiting')).toBe(2);
      expect(sample(waiting, 'outbox_oldest_change_age_seconds')).toBeGreaterThan(0);

      await t.app.get(PartnerDeliveries).fanOut(100);
      const queued = await scrape();
      expect(sample(queued, 'outbox_changes_waiting')).toBe(0);
      expect(sample(queued, 'partner_messages_undelivered', partnerLabel)).toBe(2);
      expect(sample(queued, 'partner_oldest_undelivered_age_seconds', partnerLabel)).toBeGreaterThan(0);

      await sync.runOnce();
      const done = await scrape();
      expect(sample(done, 'partner_messages_undelivered', partnerLabel)).toBe(1);
      expect(sample(done, 'partner_messages_parked', partnerLabel)).toBe(1);
      expect(sample(done, 'partner_deliveries_total', { ...partnerLabel, outcome: 'delivered' })).toBe(1);
      expect(sample(done, 'partner_deliveries_total', { ...partnerLabel, outcome: 'parked' })).toBe(1);
      expect(sample(done, 'partner_push_duration_seconds_count', partnerLabel)).toBe(1);
    } finally {
      await partner.down();
    }
  });

  it('answer readiness and liveness separately', async () => {
    const http = request(t.app.getHttpServer());
    expect((await http.get('/health/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
    expect((await http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });
});
