import { setTimeout as sleep } from 'node:timers/promises';
import { PartnerSync } from '@app/partners';
import { aPerson } from './support/builders';
import { PartnerFhirServer } from './support/partner-fhir-server';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The worker's shutdown, in process on either database (test/multi-process.e2e-spec.ts does the
 * same with real processes and SIGTERM on PostgreSQL).
 */
describe("stopping the partner sync", () => {
  let t: TestApp;
  let partner: PartnerFhirServer;

  beforeAll(async () => {
    t = await startTestApp({ SYNC_LEASE_SECONDS: '600', SYNC_POLL_MS: '20' });
    partner = await PartnerFhirServer.start();
    const registered = await t.gql(`mutation ($input: RegisterPartnerSystemInput!) { registerPartnerSystem(input: $input) { id } }`, {
      input: { name: 'Hanging EPR', authKind: 'NONE', resourceTypes: ['Patient'], baseUrl: partner.baseUrl, scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'SS' },
    });
    expect(registered.errors).toBeUndefined();
  });
  afterAll(async () => {
    await partner.down();
    await t.close();
  });

  const leases = async () =>
    (await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE lease_token IS NOT NULL)::int AS leased, count(*) FILTER (WHERE attempts > 0)::int AS attempted,
              count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*)::int AS total FROM partner_delivery`,
    ))[0] as { leased: number; attempted: number; delivered: number; total: number };

  it('hands back what a partner has not answered when the grace runs out, uncounted, for the next round to send', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: aPerson({ postcode: `SS${i + 1} 2AB` }) });
      ids.push(r.data!.registerPerson.id);
    }
    const hang = partner.hold();
    const sync = t.app.get(PartnerSync);
    sync.start();
    for (let tries = 0; (await leases()).leased < 4; tries++) {
      if (tries > 400) throw new Error('nothing was claimed');
      await sleep(25);
    }
    expect(sync.state).toBe('up');
    const stopped = sync.stop(200);
    expect(sync.state).toBe('stopping');
    await stopped;
    expect(await leases()).toEqual({ leased: 0, attempted: 0, delivered: 0, total: 4 });

    hang.release();
    for (let round = 0; round < 20 && (await sync.runOnce()).claimed > 0; round++);
    expect(await leases()).toEqual({ leased: 0, attempted: 4, delivered: 4, total: 4 });
    const [{ attempts }] = await t.dataSource.query(`SELECT sum(attempts)::int AS attempts FROM partner_delivery`);
    expect(attempts).toBe(4); // one counted attempt each: the abandoned one was handed back uncounted
    // The partner has each; it may also have acted on the abandoned request (this process kept its
    // connection open), which as an update by id changes nothing. With the worker's process gone,
    // test/multi-process.e2e-spec.ts shows it received nothing twice.
    for (const id of ids) expect(await partner.read('Patient', id)).toBeDefined();
  });

  it('lets pushes in hand finish when the partner answers within the grace', async () => {
    const r = await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: aPerson({ postcode: 'SS9 9ZZ' }) });
    const hang = partner.hold();
    const sync = t.app.get(PartnerSync);
    sync.start();
    for (let tries = 0; (await leases()).leased < 1; tries++) {
      if (tries > 400) throw new Error('nothing was claimed');
      await sleep(25);
    }
    const stopped = sync.stop(10_000);
    setTimeout(() => hang.release(), 200);
    await stopped;
    expect(await leases()).toMatchObject({ leased: 0, delivered: 5, total: 5 });
    expect(partner.writesOf('Patient', r.data!.registerPerson.id)).toHaveLength(1);
  });
});
