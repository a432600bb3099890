import { statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { createPrng, generatePopulation } from '@app/population';
import { processUsage, watchOtherWork } from '../apps/bench/src/api-process';
import { httpApiDriver, pgSqlDriver } from '../apps/bench/src/drivers';
import { describeMachine, scaleCurveSection } from '../apps/bench/src/benchmarks-doc';
import { runScenario } from '../apps/bench/src/harness';
import { measureRetier } from '../apps/bench/src/retier';
import type { ScenarioResult } from '../apps/bench/src/harness';
import { Drivers, userOf } from '../apps/bench/src/scenario';
import { SCENARIOS } from '../apps/bench/src/scenarios';
import { fhirClient } from './support/fhir-client';
import { startTestApp, TestApp } from './support/test-app';

const RECORD = resolve('docs/BENCHMARKS.md');
const modified = () => statSync(RECORD, { throwIfNoEntry: false })?.mtimeMs;

// A smoke run so that the benchmark cannot rot: every scenario once, on a tiny population. Its
// figures mean nothing; `npm run bench` measures.
describe('The benchmark, once over on a tiny population', () => {
  let t: TestApp;
  let drivers: Drivers;
  let closeDrivers = async () => undefined as void;
  const recordModified = modified();
  const results: ScenarioResult[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await generatePopulation(t.dataSource, { people: 200, seed: 1 });
    const databaseUrl = (t.dataSource.options as { url?: string }).url;
    if (databaseUrl) {
      // On a PostgreSQL server, the drivers the benchmark itself uses: HTTP on a loopback port, and a pg pool.
      await t.app.listen(0, '127.0.0.1');
      const api = httpApiDriver((t.app.getHttpServer().address() as AddressInfo).port, 2, (as) => t.tokenFor(userOf(as)));
      const pool = new Pool({ connectionString: databaseUrl, max: 2 });
      drivers = { api, sql: pgSqlDriver(pool) };
      closeDrivers = async () => {
        api.close();
        await pool.end();
      };
    } else {
      // On the embedded database, the app in process and SQL through its own data source.
      const fhir = (as: Parameters<typeof userOf>[0]) => fhirClient(t, userOf(as));
      drivers = {
        api: {
          graphql: (query, variables, as) => t.gql(query, variables, userOf(as)),
          fhir: (method, path, body, as) => (method === 'GET' ? fhir(as).get(path) : fhir(as)[method === 'POST' ? 'post' : 'put'](path, body)),
        },
        sql: { query: (sql, parameters) => t.dataSource.query(sql, parameters) },
      };
    }
  });
  afterAll(async () => {
    await closeDrivers();
    await t.close();
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s runs through the API and as bare SQL, which answer alike', async (_, scenario) => {
    const result = await runScenario(scenario, drivers, { iterations: 1, requests: 4, concurrency: 2, warmup: 1, alone: 2, seed: 1 });
    results.push(result);
    expect(result.alone).not.toBeNull();
    for (const figures of [result.api, result.sql, result.ratio, result.alone!.api, result.alone!.sql, result.alone!.ratio]) {
      expect(Object.values(figures).every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    }
  });

  it('tabulates a scale curve from the runs at each size, with how each cost grew from one size to the next', async () => {
    // The same tiny run standing in for two sizes: what --scale-curve writes after running each database.
    const section = scaleCurveSection(
      [{ people: 100_000, results }, { people: 1_000_000, results }],
      await describeMachine(drivers.sql),
    );
    expect(section).toContain('## Scale curve');
    expect(section).toContain('| scenario | path | p50 ms 100k | p50 ms 1M | p95 ms 100k | p95 ms 1M | p50 1M/100k |');
    for (const { scenario } of results) expect(section).toContain(`| ${scenario.title} | API |`);
    expect(section.split('\n').filter((l) => l.startsWith('| ') && l.endsWith(' 1.0× |'))).toHaveLength(2 * results.length);
  });

  it('has, even on a tiny population, plans to open and overdue reviews for the plan scenarios to list', async () => {
    const prng = createPrng(1, 'smoke');
    for (const id of ['coordinator-overdue-reviews', 'person-full-plan']) {
      const scenario = SCENARIOS.find((s) => s.id === id)!;
      const [input] = await scenario.inputs(drivers.sql, 1, prng);
      expect((await scenario.sql(drivers.sql, input)).length).toBeGreaterThan(0);
    }
  });

  it("reads a process's CPU time and resident memory, as it does the API's, and how busy the machine is besides", async () => {
    const otherWork = watchOtherWork(async () => [process.pid]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cores = await otherWork();
    expect(cores).toBeGreaterThanOrEqual(0);
    expect(cores).toBeLessThan(64);
    const usage = processUsage(process.pid);
    expect(usage.cpuMs).toBeGreaterThan(0);
    expect(usage.residentBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(usage.peakBytes).toBeGreaterThanOrEqual(usage.residentBytes);
  });

  it('times re-tiering five ways over rounds, and undoes the deaths and new scores it times the last two on', async () => {
    const databaseUrl = (t.dataSource.options as { url?: string }).url;
    // It takes a pg pool, as `npm run bench -- --retier` does on a PostgreSQL server.
    if (!databaseUrl) return;
    const count = async () =>
      (await t.dataSource.query(`SELECT (SELECT count(*) FROM risk_score)::int AS scores, (SELECT count(*) FROM person WHERE date_of_death IS NULL)::int AS living`))[0];
    const before = await count();
    const pool = new Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const figures = await measureRetier(pool, 2);
      expect(figures.people).toBeGreaterThan(0);
      expect(figures.rounds).toBe(2);
      for (const pass of [figures.newVersion, figures.sameTiers, figures.unchanged, figures.day, figures.newScores]) {
        expect(pass.min).toBeGreaterThan(0);
        expect(pass.min).toBeLessThanOrEqual(pass.median);
        expect(pass.median).toBeLessThanOrEqual(pass.max);
      }
      // A new version that renames every tier rewrites them all; new scores, the tier of everyone scored.
      expect(figures.rewritten).toBe(figures.people);
      const [{ scored }] = await t.dataSource.query(`SELECT count(DISTINCT person_id)::int AS scored FROM risk_score WHERE model_code = 'EFI'`);
      expect(figures.newScoresWritten).toBe(scored);
      // A day's changes write the people rescored, and few more: not everyone whose share above moved.
      expect(figures.dayRescored).toBeGreaterThan(0);
      expect(figures.dayWritten).toBeGreaterThanOrEqual(figures.dayRescored);
      expect(figures.dayWritten).toBeLessThan(figures.people / 2);
      expect(figures.newScoresChangedTier).toBeLessThan(scored);
    } finally {
      await pool.end();
    }
    expect(await count()).toEqual(before);
  });

  it('leaves docs/BENCHMARKS.md alone', () => {
    expect(modified()).toBe(recordModified);
  });
});
