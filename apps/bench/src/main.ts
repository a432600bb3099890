import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { signLocalToken } from '@app/access';
import { loadConfig } from '@app/config';
import { freePort, processUsage, resetPeakResident, startApiProcess, watchOtherWork } from './api-process';
import { BENCH_USAGE, benchOptions, UsageError } from './bench-options';
import { describeMachine, Machine, recordSection, ScalePoint, scaleCurveSection, scenarioSection, targetVerdict } from './benchmarks-doc';
import { httpApiDriver, pgSqlDriver } from './drivers';
import { runScenario, ScenarioResult } from './harness';
import type { Figures } from './latency';
import { measureRetier, retierSection } from './retier';
import { userOf } from './scenario';
import { SCENARIOS } from './scenarios';

// Built to dist/apps/bench/src: the API beside it, the record in the repository's docs/.
const API_ENTRY = resolve(__dirname, '../../api/src/main.js');
const RECORD = resolve(__dirname, '../../../../docs/BENCHMARKS.md');

const ms = (n: number) => n.toFixed(2).padStart(8);

type Options = ReturnType<typeof benchOptions>;

/**
 * Runs the chosen scenarios on one database (a population made by npm run seed), through an API
 * started on it and as bare SQL; records each in docs/BENCHMARKS.md unless this is a scale curve.
 */
async function measure(databaseUrl: string, options: Options, recordEach: boolean): Promise<ScalePoint & { machine: Machine }> {
  const { settings } = options;
  // Enough connections for the widest scenario (claims run 32 at a time).
  const connections = Math.max(settings.concurrency, ...options.scenarios.map((s) => s.concurrency ?? 0));
  const pool = new Pool({
    connectionString: databaseUrl,
    max: connections,
    idleTimeoutMillis: 0,
    application_name: 'care-coordination-bench',
  });
  const sql = pgSqlDriver(pool);
  try {
    const [dataset] = await sql
      .query<{ people: number; practices: number }>(
        'SELECT count(*)::int AS people, count(DISTINCT gp_practice_ods)::int AS practices FROM person',
      )
      .catch((error: Error) => {
        throw new UsageError(`Cannot read the person register at ${new URL(databaseUrl).pathname.slice(1)} (${error.message}): run npm run seed -- --people 1000000 first`);
      });
    if (dataset.people === 0) throw new UsageError('The database holds no people: run npm run seed -- --people 1000000 first');
    const machine = await describeMachine(sql);
    const results: ScenarioResult[] = [];
    if (options.retier) {
      const figures = await measureRetier(pool, options.settings.iterations);
      const time = (p: { median: number }) => `${p.median.toFixed(1)} s`;
      console.log(`Re-tiering ${figures.people.toLocaleString('en-GB')} people, medians of ${figures.rounds}: ${time(figures.newVersion)} after a new version renaming its tiers (${figures.rewritten.toLocaleString('en-GB')} written), ${time(figures.sameTiers)} after one with the same tiers, ${time(figures.unchanged)} with nothing new, ${time(figures.day)} after a day's changes (${figures.dayWritten.toLocaleString('en-GB')} written), ${time(figures.newScores)} after new scores for everyone (${figures.newScoresWritten.toLocaleString('en-GB')} written)`);
      if (options.record) recordSection(RECORD, 'bench:retier', retierSection(figures, machine, options.note));
      return { people: dataset.people, results, machine };
    }
    console.log(`${dataset.people.toLocaleString('en-GB')} people in ${dataset.practices} practices; ${machine.database}; starting the API`);
    // A secret for this run only, shared with the API it starts: each scenario asks as a GP at the
    // practice concerned, or as the professional concerned.
    const auth = loadConfig({ AUTH_SECRET: randomBytes(32).toString('base64url') });
    const api = await startApiProcess(API_ENTRY, await freePort(), { DATABASE_URL: databaseUrl, AUTH_SECRET: auth.AUTH_SECRET! });
    const http = httpApiDriver(api.port, connections, (as) => {
      const { professionalId, ...user } = userOf(as);
      return signLocalToken(auth, { ...user, ...(professionalId ? { professional_id: professionalId } : {}) }, 24 * 60);
    });
    // This process, the API and their PostgreSQL sessions; anything else busy on the machine is other work.
    const ours = async () => [
      process.pid,
      api.pid,
      ...(await sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map((r) => r.pid),
    ];
    try {
      for (const scenario of options.scenarios) {
        const peakSinceScenarioStart = resetPeakResident(api.pid);
        const before = processUsage(api.pid);
        const otherWork = watchOtherWork(ours);
        const result = await runScenario(scenario, { api: http, sql }, settings);
        results.push(result);
        const after = processUsage(api.pid);
        const usage = { ...after, cpuMs: after.cpuMs - before.cpuMs, peakSinceScenarioStart, otherWorkCores: await otherWork() };
        console.log(`\n${scenario.title}\n             p50 ms   p95 ms   p99 ms  requests/s`);
        const lines = [[`API x${result.settings.concurrency}`, result.api], [`SQL x${result.settings.concurrency}`, result.sql]] as [string, Figures][];
        if (result.alone) lines.push(['API x1', result.alone.api], ['SQL x1', result.alone.sql]);
        for (const [name, f] of lines) {
          console.log(`  ${name.padEnd(7)}${ms(f.p50)} ${ms(f.p95)} ${ms(f.p99)}  ${Math.round(f.throughput).toString().padStart(10)}`);
        }
        if (scenario.target) {
          const verdicts = [`x${result.settings.concurrency} ${targetVerdict(scenario.target, result.api, result.sql)}`];
          if (result.alone) verdicts.unshift(`x1 ${targetVerdict(scenario.target, result.alone.api, result.alone.sql)}`);
          console.log(`  target: ${verdicts.join('; ')}`);
        }
        console.log(
          `  API/SQL ${result.ratio.p50.toFixed(1)}× at p50; API peak resident memory ${Math.round(usage.peakBytes / 2 ** 20)} MB, ` +
            `CPU ${(usage.cpuMs / result.apiRequests).toFixed(2)} ms a request; other work on the machine ${usage.otherWorkCores.toFixed(2)} cores`,
        );
        if (recordEach) recordSection(RECORD, `bench:${scenario.id}`, scenarioSection(result, dataset, machine, usage, options.note));
      }
    } finally {
      http.close();
      await api.stop();
    }
    return { people: dataset.people, results, machine };
  } finally {
    await pool.end();
  }
}

async function bench(): Promise<void> {
  const options = benchOptions(process.argv.slice(2), process.env, SCENARIOS);
  if (options.scaleCurve.length === 0) {
    await measure(options.databaseUrl, options, options.record);
    if (options.record && !options.retier) console.log(`\nRecorded in ${RECORD}`);
    return;
  }
  // The scale curve: each population in turn, smallest first, then one table of how each cost grew.
  const points: (ScalePoint & { machine: Machine })[] = [];
  for (const databaseUrl of options.scaleCurve) {
    console.log(`\n== ${new URL(databaseUrl).pathname.slice(1)} ==`);
    points.push(await measure(databaseUrl, options, false));
  }
  const section = scaleCurveSection(points, points[0].machine, options.note);
  console.log(`\n${section}`);
  if (options.record) {
    recordSection(RECORD, 'bench:scale-curve', section);
    console.log(`\nRecorded in ${RECORD}`);
  }
}

if (process.argv.includes('--help')) {
  console.log(BENCH_USAGE.replace('%SCENARIOS%', SCENARIOS.map((s) => s.id).join(', ')));
} else {
  bench().catch((error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (error instanceof UsageError) console.error(`\n${BENCH_USAGE.replace('%SCENARIOS%', SCENARIOS.map((s) => s.id).join(', '))}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
