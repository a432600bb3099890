import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { PopulationReport, SqlRunner } from '@app/population';
import type { ScenarioResult } from './harness';
import type { Figures } from './latency';
import type { LatencyTarget } from './scenario';

const HEADER = '# Benchmarks\n\nWritten by `npm run seed` and `npm run bench`; each section is replaced when it is measured again.\n';

/**
 * Puts `section` between its markers in the document, in place of what was there, or at the end
 * the first time; every other section stays as it is.
 */
export function replaceSection(doc: string, id: string, section: string): string {
  const begin = `<!-- begin ${id} -->`;
  const end = `<!-- end ${id} -->`;
  const block = `${begin}\n${section.trim()}\n${end}`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end, start);
  if (start >= 0 && stop > start) return doc.slice(0, start) + block + doc.slice(stop + end.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}

export function recordSection(file: string, id: string, section: string): void {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  writeFileSync(file, replaceSection(doc, id, section));
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  database: string;
}

/** This machine and the database's server version (from `SELECT version()`). */
export async function describeMachine(db: SqlRunner, embedded = false): Promise<Machine> {
  const [{ version }] = await db.query('SELECT version() AS version');
  const server = String(version).split(' on ')[0].split(',')[0];
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    database: embedded ? `PGlite (embedded ${server})` : server,
  };
}

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const times = (n: number) => `${n < 1 ? n.toFixed(2) : n < 10 ? n.toFixed(1) : Math.round(n)}×`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

function context(machine: Machine, note: string | undefined, when: Date): string {
  const line = `Measured ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GB; Node ${machine.node}; ${machine.database}.`;
  return note ? `${line} ${note}` : line;
}

export interface Dataset {
  people: number;
  practices: number;
}

/** What the API process used during a scenario, and how busy the machine was with other work. */
export interface RunUsage {
  cpuMs: number;
  peakBytes: number;
  /** Whether the peak was reset at the start of the scenario; if not, it is since the API started. */
  peakSinceScenarioStart: boolean;
  /** Resident memory at the end of the scenario. */
  residentBytes: number;
  /** Cores kept busy on average by anything but the API, the benchmark and their PostgreSQL sessions. */
  otherWorkCores: number;
}

const row = (name: string, f: Figures, fmt: (n: number) => string, rate: (n: number) => string) =>
  `| ${name} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} | ${rate(f.throughput)} |`;

/** Whether the API's figures meet a target: its p95, and its p95 over the bare SQL's when the target says. */
export function targetVerdict(target: LatencyTarget, api: Figures, sql: Figures): string {
  const withinSql = target.timesSql === undefined || api.p95 <= target.timesSql * sql.p95;
  const met = api.p95 <= target.p95Ms && withinSql;
  const ratio = target.timesSql === undefined ? '' : `, ${times(api.p95 / sql.p95)} the bare SQL's ${ms(sql.p95)} ms`;
  return `API p95 ${ms(api.p95)} ms${ratio}: ${met ? 'met' : 'missed'}`;
}

/**
 * The target, judged on one request at a time (the latency a user waits) and on the requests made
 * concurrently (throughput under load, queueing included): both are shown, neither replaces the other.
 */
function targetParagraph(target: LatencyTarget, result: ScenarioResult): string {
  const asked = `p95 ≤ ${target.p95Ms} ms through the API${target.timesSql ? `, within ${target.timesSql}× the bare SQL` : ''}`;
  const alone = result.alone ? ` One request at a time: ${targetVerdict(target, result.alone.api, result.alone.sql)}.` : '';
  const loaded = ` ${result.settings.concurrency} at a time (under load, queueing included): ${targetVerdict(target, result.api, result.sql)}.`;
  return `**Target (issue ${target.issue}): ${asked}.**${alone}${loaded}`;
}

export function scenarioSection(result: ScenarioResult, dataset: Dataset, machine: Machine, usage: RunUsage, note?: string, when = new Date()): string {
  const { scenario, settings, api, sql, ratio, alone } = result;
  const via = `API (HTTP ${scenario.via ?? 'GraphQL'})`;
  const atOnce = `${settings.concurrency} at a time`;
  const peak = `API process peak resident memory (VmHWM) ${usage.peakSinceScenarioStart ? 'during the scenario' : 'since it started'}: **${mb(usage.peakBytes)}** (target under 300 MB); ${mb(usage.residentBytes)} resident at the end.`;
  const cpu = `API process CPU time: ${(usage.cpuMs / result.apiRequests).toFixed(2)} ms a request (${whole(result.apiRequests)} requests).`;
  const other = `Other work on the machine meanwhile (outside the API, the benchmark and their PostgreSQL sessions): ${usage.otherWorkCores.toFixed(2)} of ${machine.cores} cores on average.`;
  return [
    `## ${scenario.title}`,
    '',
    `${scenario.description} (\`npm run bench -- --scenario ${scenario.id}\`)`,
    '',
    `${whole(dataset.people)} people in ${whole(dataset.practices)} practices. Medians of ${settings.iterations} rounds, each of ${whole(settings.requests)} requests ${atOnce}` +
      (alone ? ` then ${whole(settings.alone)} one at a time` : '') +
      `, after ${whole(settings.warmup)} to warm up. ${context(machine, note, when)}`,
    '',
    ...(scenario.target ? [targetParagraph(scenario.target, result), ''] : []),
    '| path | p50 ms | p95 ms | p99 ms | requests/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...(alone
      ? [
          row(`${via}, one at a time`, alone.api, ms, whole),
          row('bare SQL (pg), one at a time', alone.sql, ms, whole),
          row('API / SQL, one at a time', alone.ratio, times, times),
        ]
      : []),
    row(`${via}, ${atOnce}`, api, ms, whole),
    row(`bare SQL (pg), ${atOnce}`, sql, ms, whole),
    row(`API / SQL, ${atOnce}`, ratio, times, times),
    '',
    `${peak} ${cpu} ${other}`,
    '',
    'The bare SQL:',
    '',
    '```sql',
    scenario.sqlText,
    '```',
  ].join('\n');
}

export function seedSection(report: PopulationReport, machine: Machine, batchSize: number, concurrency: number, note?: string, when = new Date()): string {
  const rows = report.stages.reduce((n, s) => n + s.rows, 0);
  const stages = report.stages.map((s) => `${s.name}: ${whole(s.rows)} rows in ${s.seconds.toFixed(1)} s`).join('; ');
  return [
    '## Seeding',
    '',
    `\`npm run seed -- --people ${report.people} --seed ${report.seed} --as-at ${report.asAt}\`: **${whole(report.people)} people in ${report.seconds.toFixed(1)} s, ${whole(rows / report.seconds)} rows/s** (by stage, ${stages}, with VACUUM ANALYZE), in ${report.practices} practices, ${report.pcns} PCNs and ${report.localities} localities. Batches of ${whole(batchSize)} rows through \`INSERT ... SELECT FROM unnest(...)\`, ${concurrency} at a time. ${context(machine, note, when)}`,
  ].join('\n');
}

/** One population's figures for the scale curve. */
export interface ScalePoint {
  people: number;
  results: ScenarioResult[];
}

const sizeName = (people: number) =>
  people >= 1_000_000 ? `${+(people / 1_000_000).toFixed(1)}M` : people >= 1000 ? `${Math.round(people / 1000)}k` : String(people);

/**
 * How each scenario's cost grows with the population: p50 and p95 through the API and p50 as bare
 * SQL at each size, and the growth from one size to the next (e.g. 1M/100k, 5M/1M): about 1× is a
 * cost that does not grow with the population (an index look-up), about the size ratio is a scan.
 */
export function scaleCurveSection(points: ScalePoint[], machine: Machine, note?: string, when = new Date()): string {
  const sizes = points.map((p) => sizeName(p.people));
  const steps = points.slice(1).map((p, i) => `${sizes[i + 1]}/${sizes[i]}`);
  const columns = [...sizes.map((s) => `p50 ms ${s}`), ...sizes.map((s) => `p95 ms ${s}`), ...steps.map((s) => `p50 ${s}`)];
  const header = [`| scenario | path | ${columns.join(' | ')} |`, `| --- | --- | ${columns.map(() => '---:').join(' | ')} |`];
  const ids = points[0]?.results.map((r) => r.scenario.id) ?? [];
  const rows = ids.flatMap((id) => {
    const results = points.map((p) => p.results.find((r) => r.scenario.id === id));
    if (results.some((r) => !r)) return [];
    const title = results[0]!.scenario.title;
    return (['api', 'sql'] as const).map((path) => {
      const p50 = results.map((r) => r![path].p50);
      const p95 = results.map((r) => r![path].p95);
      const growth = p50.slice(1).map((v, i) => times(v / p50[i]));
      return `| ${path === 'api' ? title : ''} | ${path === 'api' ? 'API' : 'SQL'} | ${[...p50.map(ms), ...p95.map(ms), ...growth].join(' | ')} |`;
    });
  });
  const settings = points[0]?.results[0]?.settings;
  return [
    '## Scale curve',
    '',
    `The main scenarios at ${points.map((p) => whole(p.people)).join(', ')} people (\`npm run bench -- --scale-curve\`), each population seeded with \`npm run seed -- --people N\`. ` +
      (settings ? `Medians of ${settings.iterations} rounds of ${whole(settings.requests)} requests, ${settings.concurrency} at a time. ` : '') +
      `The growth columns divide one size's p50 by the previous size's: about 1× is a cost that does not grow with the population, about 10× (or 5×) one that grows with it. ${context(machine, note, when)}`,
    '',
    ...header,
    ...rows,
  ].join('\n');
}
