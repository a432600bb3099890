import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Patient } from '@medplum/fhirtypes';
import { Pool } from 'pg';
import { signLocalToken } from '@app/access';
import { loadConfig } from '@app/config';
import { anOrganisation, aPerson } from './support/builders';
import { PartnerFhirServer } from './support/partner-fhir-server';
import { sample } from './support/prometheus-text';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { DEFAULT_TEST_USER, GraphQLResponse, TestUser } from './support/test-app';

/**
 * The service as it runs for real: separate API and worker processes, built as they ship, on one
 * PostgreSQL database. Only on a PostgreSQL server: the embedded PGlite database belongs to the one
 * process that opens it, so several processes cannot share it (run with DATABASE_URL to see this).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const ROOT = resolve('.'); // jest runs from the repository's root
const ESSEX = 'E10000012';
const TRUST = 'RYV01';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}

/** One of the service's processes, started from the build as `npm run start:prod` / `npm run worker` would. */
class ServiceProcess {
  output = '';
  private exited: Promise<number | string | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    this.exited = new Promise((ok) => child.once('exit', (code, signal) => ok(code ?? signal)));
  }

  static async start(name: string, entry: 'api' | 'worker', env: Record<string, string>): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [resolve(ROOT, `dist/apps/${entry}/src/main.js`)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_FORMAT: 'text', LOG_LEVEL: 'log', ...env, [entry === 'api' ? 'PORT' : 'WORKER_PORT']: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new ServiceProcess(name, child, port);
    await started.ready();
    return started;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const status = await fetch(`${this.url}/health`).then((r) => r.status, () => 0);
      if (status === 200) return;
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`${this.name} did not start:\n${this.output}`);
      await sleep(200);
    }
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** SIGTERM, as an orchestrator stops a process; resolves with its exit code (or the signal, re-raised once shut down). */
  stop(): Promise<number | string | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

(onPostgres ? describe : describe.skip)('two APIs and two workers on one database', () => {
  let database: TestDatabase;
  let db: Pool;
  let partner: PartnerFhirServer;
  const secret = randomBytes(32).toString('base64url');
  const config = loadConfig({ NODE_ENV: 'test', AUTH_SECRET: secret });
  const processes: ServiceProcess[] = [];
  const servers: PartnerFhirServer[] = [];
  let apis: ServiceProcess[];
  let env: Record<string, string>;

  const tokenFor = ({ sub = 'test-user', name, org, roles = [], professionalId }: TestUser) =>
    signLocalToken(config, { sub, name: name ?? sub, roles, ...(org ? { org } : {}), ...(professionalId ? { professional_id: professionalId } : {}) });

  async function gql<T = Record<string, any>>(api: ServiceProcess, query: string, variables: Record<string, unknown> = {}, as: TestUser = DEFAULT_TEST_USER) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(as)}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  async function ok(api: ServiceProcess, query: string, variables: Record<string, unknown> = {}, as?: TestUser) {
    const answer = await gql(api, query, variables, as);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0] as Record<string, any>;
  }

  const startWorker = async (name: string, extra: Record<string, string> = {}) => {
    const worker = await ServiceProcess.start(name, 'worker', { ...env, ...extra });
    processes.push(worker);
    return worker;
  };

  /** Until nothing is waiting in the outbox or any partner's queue. */
  async function allDelivered(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM outbox_change)::int + (SELECT count(*) FROM partner_delivery WHERE status <> 'DELIVERED')::int AS n`,
      );
      if (rows[0].n === 0) return;
      if (Date.now() > deadline) throw new Error(`${rows[0].n} changes still undelivered\n${processes.map((p) => p.output).join('\n')}`);
      await sleep(100);
    }
  }

  beforeAll(async () => {
    // Built once, as it ships (dist/), unless the caller has just built it.
    if (!process.env.MULTI_PROCESS_BUILT) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    database = await createTestDatabase();
    db = new Pool({ connectionString: database.env.DATABASE_URL, max: 2 });
    partner = await PartnerFhirServer.start();
    env = {
      ...database.env,
      AUTH_SECRET: secret,
      RATE_LIMIT_PER_MINUTE: '100000',
      DATABASE_POOL_SIZE: '5',
      SYNC_POLL_MS: '50',
      SYNC_BATCH_SIZE: '5',
      METRICS_CACHE_SECONDS: '0',
    };
    // Both APIs start at once on the empty database: they take turns to migrate it.
    apis = await Promise.all(['api-1', 'api-2'].map((name) => ServiceProcess.start(name, 'api', env)));
    processes.push(...apis);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all([partner, ...servers].map((s) => s?.down()));
    await db?.end();
    await database?.drop();
  });

  it("delivers every change made through either API to the partner exactly once, in each person's order", async () => {
    await ok(apis[0], `mutation ($input: RegisterPartnerSystemInput!) { registerPartnerSystem(input: $input) { id } }`, {
      input: { name: 'Essex adult social care', authKind: 'NONE', resourceTypes: ['Patient'], baseUrl: partner.baseUrl,
               scopeKind: 'RESIDENT_IN_LOCAL_AUTHORITY', scopeCode: ESSEX },
    });
    const workers = [await startWorker('worker-1'), await startWorker('worker-2')];
    const postcodes = ['CO1 1AA', 'CO2 2BB', 'CO3 3CC', 'CO4 4DD'];

    // Twelve people at once, each changed in turn through one API and then the other (their care
    // team too, which this partner is not sent, so that its changes pass through the outbox unsent).
    const people = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const via = (step: number) => apis[(i + step) % 2];
        const person = aPerson({ residenceLocalAuthority: ESSEX, postcode: postcodes[0] });
        const { id } = await ok(via(0), `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
        await ok(via(1), `mutation ($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
          input: { nhsNumber: person.nhsNumber, kind: 'CARER', name: 'Susan Pike', relationship: 'daughter', roleInCare: 'Main carer' },
        });
        for (let version = 1; version < postcodes.length; version++) {
          await ok(via(version + 1), `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version } }`, {
            input: { nhsNumber: person.nhsNumber, expectedVersion: version, postcode: postcodes[version] },
          });
        }
        return id as string;
      }),
    );
    await allDelivered();

    // Exactly once: one write at the partner for each message, none twice, none lost.
    const { rows: messages } = await db.query(`SELECT resource_type, resource_id::text, count(*)::int AS n FROM partner_delivery GROUP BY 1, 2`);
    expect(messages.reduce((n, m) => n + m.n, 0)).toBe(partner.writes.length);
    for (const m of messages) expect(partner.writesOf(m.resource_type, m.resource_id)).toHaveLength(m.n);
    // In order: what the partner received for each person never goes back to an older address, and ends with the latest.
    for (const id of people) {
      const received = partner.writesOf('Patient', id).map((w) => postcodes.indexOf((w.resource as Patient).address![0].postalCode!));
      expect(received).toEqual([...received].sort((a, b) => a - b));
      expect(received.at(-1)).toBe(postcodes.length - 1);
    }
    // Each worker's own count of what it delivered, from its /metrics; between them, everything.
    const delivered = await Promise.all(
      workers.map(async (w) => sample(await w.metrics(), 'partner_deliveries_total', { partner: 'Essex adult social care', outcome: 'delivered' }) ?? 0),
    );
    expect(delivered[0] + delivered[1]).toBe(partner.writes.length);
    // A worker serves its probes and nothing else.
    expect((await fetch(`${workers[0].url}/fhir/metadata`)).status).toBe(404);
    expect((await fetch(`${workers[0].url}/health/live`)).status).toBe(200);
    // The database's figures, the same from any process.
    for (const p of [...apis, ...workers]) {
      const text = await p.metrics();
      expect(sample(text, 'partner_messages_undelivered', { partner: 'Essex adult social care' })).toBe(0);
      expect(sample(text, 'outbox_changes_waiting')).toBe(0);
    }
    await Promise.all(workers.map((w) => w.stop()));
  }, 180_000);

  it('a worker stopped mid-delivery releases what it holds, and another delivers it all exactly once', async () => {
    const slow = await PartnerFhirServer.start();
    servers.push(slow);
    await ok(apis[0], `mutation ($input: RegisterPartnerSystemInput!) { registerPartnerSystem(input: $input) { id } }`, {
      input: { name: 'Slow EPR', authKind: 'NONE', resourceTypes: ['Patient'], baseUrl: slow.baseUrl, scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CM' },
    });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const person = aPerson({ postcode: `CM${i + 1} 1AA` });
      ids.push((await ok(apis[i % 2], `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person })).id);
    }
    // The partner hangs on every request: the worker's pushes are in flight when it is told to stop.
    const hang = slow.hold();
    const first = await startWorker('worker-3', { SHUTDOWN_GRACE_MS: '500', SYNC_LEASE_SECONDS: '600' });
    const held = async () => (await db.query(`SELECT count(*)::int AS n FROM partner_delivery d JOIN partner_system p ON p.id = d.partner_id
                                               WHERE p.name = 'Slow EPR' AND d.lease_token IS NOT NULL`)).rows[0].n as number;
    for (let tries = 0; (await held()) === 0; tries++) {
      if (tries > 300) throw new Error(`worker-3 claimed nothing\n${first.output}`);
      await sleep(50);
    }
    expect(await held()).toBeGreaterThan(0);

    const stopping = first.stop();
    // While it drains it says it is not ready, so that nothing sends it work.
    await sleep(100);
    expect(await fetch(`${first.url}/health`).then((r) => r.status, () => 'gone')).not.toBe(200);
    expect([0, 'SIGTERM']).toContain(await stopping);
    expect(first.output).toMatch(/Released \d+ unsent message/);
    // Released at once, not after the ten-minute lease; and the attempt that never finished is not counted.
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE lease_token IS NOT NULL)::int AS leased, count(*) FILTER (WHERE attempts > 0)::int AS attempted,
              count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*)::int AS total
       FROM partner_delivery d JOIN partner_system p ON p.id = d.partner_id WHERE p.name = 'Slow EPR'`,
    );
    expect(rows[0]).toEqual({ leased: 0, attempted: 0, delivered: 0, total: 8 });

    hang.release();
    const second = await startWorker('worker-4');
    await allDelivered();
    for (const id of ids) expect(slow.writesOf('Patient', id)).toHaveLength(1);
    expect(slow.writes).toHaveLength(8);
    await second.stop();
  }, 180_000);

  it('claim-next on one referral queue through both APIs never gives one referral to two people', async () => {
    await ok(apis[0], `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: anOrganisation({ odsCode: 'F81001', name: 'Wivenhoe Surgery' }),
    });
    const trust = await ok(apis[0], `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: anOrganisation({ odsCode: TRUST, name: 'Essex community services', kind: 'NHS_TRUST' }),
    });
    const { rows: [team] } = await db.query(
      `INSERT INTO team (name, kind, organisation_id, start_date) VALUES ('Reablement', 'RAPID_RESPONSE', $1, '2025-01-01') RETURNING id`,
      [trust.id],
    );
    await db.query(`INSERT INTO team_service (team_id, service_code, works_bank_holidays) VALUES ($1, 'REABLEMENT', true)`, [team.id]);
    await db.query(
      `INSERT INTO team_service_hours (team_id, service_code, weekday, opens_at, closes_at) SELECT $1, 'REABLEMENT', d, '00:00', '24:00' FROM generate_series(1, 7) d`,
      [team.id],
    );
    const professional = async (familyName: string) => {
      const { rows: [p] } = await db.query(
        `INSERT INTO professional (given_name, family_name, profession, version) VALUES ('Pat', $1, 'DISTRICT_NURSE', 1) RETURNING id`,
        [familyName],
      );
      return p.id as string;
    };
    const coordinator = await professional('Adeyemi');
    const triager: TestUser = { sub: coordinator, professionalId: coordinator, org: TRUST, roles: ['REFERRAL_COORDINATOR'] };
    const claimers: TestUser[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await professional(`Claimer${i}`);
      await db.query(`INSERT INTO team_member (team_id, professional_id, start_date) VALUES ($1, $2, '2025-01-01')`, [team.id, id]);
      claimers.push({ sub: id, professionalId: id, org: TRUST, roles: ['CLINICAL_PRACTITIONER'] });
    }
    const queued: string[] = [];
    for (let i = 0; i < 20; i++) {
      const person = aPerson();
      await ok(apis[i % 2], `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
      const sent = await ok(apis[i % 2], `mutation ($input: SendReferralInput!) { sendReferral(input: $input) { referral { id } } }`, {
        input: { nhsNumber: person.nhsNumber, serviceCode: 'REABLEMENT', spoaOds: TRUST, source: 'GP', requestedUrgency: 'ROUTINE', reason: 'Reablement after discharge' },
      });
      await ok(apis[(i + 1) % 2], `mutation ($input: TriageReferralInput!) { triageReferral(input: $input) { id } }`, {
        input: { referralId: sent.referral.id, teamId: team.id, priority: 'ROUTINE' },
      }, triager);
      queued.push(sent.referral.id);
    }

    // Ten nurses, each claiming the next referral again and again, alternately through each API.
    const claimedBy = new Map<string, string[]>();
    await Promise.all(
      claimers.map(async (claimer, c) => {
        for (let n = c; ; n++) {
          const answer = await gql(apis[n % 2], `mutation ($input: ClaimNextReferralInput!) { claimNextReferral(input: $input) { id } }`, {
            input: { teamId: team.id },
          }, claimer);
          if (answer.errors) {
            expect(answer.errors[0].extensions.code).toBe('REFERRAL_QUEUE_EMPTY');
            return;
          }
          const id = (answer.data as any).claimNextReferral.id as string;
          claimedBy.set(id, [...(claimedBy.get(id) ?? []), claimer.sub!]);
        }
      }),
    );
    expect([...claimedBy.values()].filter((by) => by.length > 1)).toEqual([]);
    expect(new Set(claimedBy.keys())).toEqual(new Set(queued));
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM referral_step WHERE step = 'CLAIM' AND referral_id = ANY($1::uuid[])`, [queued]);
    expect(rows[0].n).toBe(queued.length);
  }, 180_000);
});
