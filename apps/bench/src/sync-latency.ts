import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { signLocalToken } from '@app/access';
import { loadConfig } from '@app/config';
import { freePort, startApiProcess, watchOtherWork } from './api-process';
import { recordSection } from './benchmarks-doc';
import { httpApiDriver } from './drivers';
import { percentile } from './latency';
import { dataOf, userOf } from './scenario';

const API_ENTRY = resolve(__dirname, '../../api/src/main.js');
const WORKER_ENTRY = resolve(__dirname, '../../worker/src/main.js');
const RECORD = resolve(__dirname, '../../../../docs/BENCHMARKS.md');
const PARTNER = 'Benchmark partner (change-to-partner latency)';

const UPDATE = /* GraphQL */ `
  mutation Move($input: UpdatePersonInput!) { updatePerson(input: $input) { version } }`;

/**
 * The partner end: takes FHIR updates (PUT [base]/Patient/<id>) and notes when each person's new
 * postcode arrived. The FHIR server behaviour itself is tested against Medplum's in
 * test/partner-sync.e2e-spec.ts; here only arrival times matter.
 */
function partnerReceiver(onPatient: (id: string, postcode: string | undefined) => void): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const [, , type, id] = new URL(req.url ?? '/', 'http://partner').pathname.split('/');
      if (req.method === 'PUT' && type === 'Patient') onPatient(id, JSON.parse(body).address?.[0]?.postalCode);
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(body);
    });
  });
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Change-to-partner latency: a GP changes a person's postcode through the API; the time from the
 * API's answer (the change committed, with its outbox row) to the partner's FHIR server receiving
 * the person's new Patient, with WORKERS worker processes running as in production.
 */
async function syncLatency(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL must name a seeded PostgreSQL database (npm run seed -- --people 1000000)');
  const changes = option('changes', 300);
  const concurrency = option('concurrency', 4);
  const workers = option('workers', 2);
  const record = !process.argv.includes('--no-record');
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const waiting = new Map<string, { postcode: string; resolve: () => void }>();
  const receiver = partnerReceiver((id, postcode) => {
    const waiter = waiting.get(id);
    if (waiter && waiter.postcode === postcode) waiter.resolve();
  });
  const receiverPort = await freePort();
  await new Promise<void>((r) => receiver.listen(receiverPort, '127.0.0.1', () => r()));
  const auth = loadConfig({ AUTH_SECRET: randomBytes(32).toString('base64url') });
  const api = await startApiProcess(API_ENTRY, await freePort(), { DATABASE_URL: databaseUrl, AUTH_SECRET: auth.AUTH_SECRET! });
  // Each worker serves its health and metrics on a port of its own, and is configured as the API is.
  const workerPorts = await Promise.all(Array.from({ length: workers }, () => freePort()));
  const processes: ChildProcess[] = workerPorts.map((port) =>
    spawn(process.execPath, [WORKER_ENTRY], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: auth.AUTH_SECRET!,
        WORKER_PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_POOL_SIZE: '4',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  const http = httpApiDriver(api.port, concurrency, (as) => signLocalToken(auth, { ...userOf(as) }, 24 * 60));
  try {
    // Changes made before the partner existed concern no one: let the workers clear them first.
    const started = performance.now();
    const [{ backlog }] = (await pool.query('SELECT count(*)::int AS backlog FROM outbox_change')).rows;
    for (;;) {
      const [{ n }] = (await pool.query('SELECT count(*)::int AS n FROM outbox_change')).rows;
      if (n === 0) break;
      await sleep(500);
    }
    const fanOutSeconds = (performance.now() - started) / 1000;
    console.log(`Outbox backlog of ${backlog.toLocaleString('en-GB')} changes fanned out in ${fanOutSeconds.toFixed(1)} s`);

    const area = 'E06000034'; // Thurrock residents: a council's partner system
    await pool.query(`DELETE FROM partner_delivery WHERE partner_id IN (SELECT id FROM partner_system WHERE name = $1)`, [PARTNER]);
    await pool.query(`DELETE FROM partner_system WHERE name = $1`, [PARTNER]);
    await pool.query(
      `INSERT INTO partner_system (name, base_url, auth_kind, resource_types, scope_kind, scope_code)
       VALUES ($1, $2, 'NONE', '{Patient}', 'RESIDENT_IN_LOCAL_AUTHORITY', $3)`,
      [PARTNER, `http://127.0.0.1:${receiverPort}/fhir`, area],
    );
    const people = (
      await pool.query(
        `SELECT nhs_number, gp_practice_ods, id FROM person TABLESAMPLE SYSTEM (5)
         WHERE residence_local_authority = $1 AND gp_practice_ods IS NOT NULL LIMIT $2`,
        [area, changes],
      )
    ).rows as { nhs_number: string; gp_practice_ods: string; id: string }[];
    console.log(`${people.length} changes to Thurrock residents, ${concurrency} at a time, ${workers} workers`);
    const otherWork = watchOtherWork(async () => [process.pid, api.pid, ...processes.map((p) => p.pid!)]);
    const latencies: number[] = [];
    const endToEnd: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < people.length) {
          const person = people[next++];
          const [{ version }] = (await pool.query('SELECT version FROM person WHERE id = $1', [person.id])).rows;
          const postcode = `RM17 ${String(next % 10)}${String.fromCharCode(65 + (next % 26))}${String.fromCharCode(65 + ((next * 7) % 26))}`;
          const arrived = new Promise<number>((r) => waiting.set(person.id, { postcode, resolve: () => r(performance.now()) }));
          const sent = performance.now();
          const answer = await http.graphql(
            UPDATE,
            { input: { nhsNumber: person.nhs_number, expectedVersion: version, postcode } },
            { practiceOds: person.gp_practice_ods },
          );
          dataOf(answer, 'updatePerson');
          const committed = performance.now();
          const at = await Promise.race([arrived, sleep(30_000).then(() => Number.NaN)]);
          waiting.delete(person.id);
          latencies.push(at - committed);
          endToEnd.push(at - sent);
        }
      }),
    );
    const lost = latencies.filter(Number.isNaN).length;
    const sorted = (values: number[]) => Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
    const [l, e] = [sorted(latencies), sorted(endToEnd)];
    const row = (name: string, s: Float64Array) =>
      `| ${name} | ${percentile(s, 50).toFixed(0)} | ${percentile(s, 95).toFixed(0)} | ${percentile(s, 99).toFixed(0)} |`;
    const busy = await otherWork();
    const section = [
      '## Change-to-partner latency',
      '',
      `${people.length} postcode changes to Thurrock residents through the API (${concurrency} at a time), each pushed as a FHIR Patient`,
      `to a partner scoped to Thurrock by ${workers} worker processes (default settings: SYNC_POLL_MS 200).`,
      `Target p95 1,000 ms. Not arrived within 30 s: ${lost}. Other work on the machine: ${busy.toFixed(2)} cores.`,
      `Before measuring, an outbox backlog of ${backlog.toLocaleString('en-GB')} changes was fanned out in ${fanOutSeconds.toFixed(1)} s.`,
      '',
      '| | p50 ms | p95 ms | p99 ms |',
      '|---|---|---|---|',
      row('Committed to received by the partner', l),
      row('Request sent to received by the partner', e),
      '',
    ].join('\n');
    console.log(`\n${section}`);
    if (record) recordSection(RECORD, 'bench:sync-latency', section);
  } finally {
    http.close();
    for (const p of processes) p.kill('SIGTERM');
    await api.stop();
    receiver.close();
    await pool.query(`DELETE FROM partner_delivery WHERE partner_id IN (SELECT id FROM partner_system WHERE name = $1)`, [PARTNER]);
    await pool.query(`DELETE FROM partner_system WHERE name = $1`, [PARTNER]);
    await pool.end();
  }
}

syncLatency().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
