import { Machine, replaceSection, scenarioSection, seedSection, targetVerdict } from './benchmarks-doc';
import { ScenarioResult } from './harness';
import { federationAtRisk } from './scenarios/federation-at-risk';
import { personByNhsNumber } from './scenarios/person-by-nhs-number';

describe('The benchmark record', () => {
  const doc = '# Benchmarks\n\nIntro.\n\n<!-- begin a -->\nold a\n<!-- end a -->\n\n<!-- begin b -->\nold b\n<!-- end b -->\n';

  it("replaces a scenario's section and keeps the others as they are", () => {
    expect(replaceSection(doc, 'a', '## A\nnew a')).toBe(
      '# Benchmarks\n\nIntro.\n\n<!-- begin a -->\n## A\nnew a\n<!-- end a -->\n\n<!-- begin b -->\nold b\n<!-- end b -->\n',
    );
  });

  it('adds a section not yet measured at the end', () => {
    expect(replaceSection(doc, 'c', 'new c')).toBe(`${doc}\n<!-- begin c -->\nnew c\n<!-- end c -->\n`);
  });

  it('measuring one section twice leaves one section', () => {
    const twice = replaceSection(replaceSection(doc, 'c', 'first'), 'c', 'second');
    expect(twice.match(/begin c/g)).toHaveLength(1);
    expect(twice).toContain('second');
    expect(twice).not.toContain('first');
  });
});

describe('A measured section', () => {
  const machine: Machine = { cpuModel: 'AMD EPYC', cores: 2, memoryGiB: 24, node: 'v20.20.2', database: 'PostgreSQL 15.18' };
  const when = new Date('2026-11-24T09:30:00Z');

  const result: ScenarioResult = {
    scenario: personByNhsNumber,
    settings: { iterations: 5, requests: 2_000, concurrency: 8, warmup: 500, alone: 500, seed: 1 },
    api: { p50: 4.5, p95: 9, p99: 18, throughput: 1_500 },
    sql: { p50: 0.5, p95: 1.5, p99: 3, throughput: 12_000 },
    ratio: { p50: 9, p95: 6, p99: 6, throughput: 0.125 },
    alone: {
      api: { p50: 2, p95: 3, p99: 4, throughput: 400 },
      sql: { p50: 0.25, p95: 0.5, p99: 1, throughput: 3_000 },
      ratio: { p50: 8, p95: 6, p99: 4, throughput: 0.13 },
    },
    apiRequests: 10_505,
  };

  it("shows a scenario's figures both ways, one request at a time and concurrently, the ratios, and the API's memory and CPU, with the machine and the data set", () => {
    const usage = { cpuMs: 12_606, peakBytes: 250 * 2 ** 20, residentBytes: 200 * 2 ** 20, peakSinceScenarioStart: true, otherWorkCores: 0.25 };
    const section = scenarioSection(result, { people: 1_000_000, practices: 133 }, machine, usage, 'Quiet machine.', when);
    expect(section).toContain('## Person by NHS number');
    expect(section).toContain('1,000,000 people in 133 practices. Medians of 5 rounds, each of 2,000 requests 8 at a time then 500 one at a time');
    expect(section).toContain('Measured 2026-11-24 09:30 UTC on AMD EPYC, 2 cores, 24 GB; Node v20.20.2; PostgreSQL 15.18. Quiet machine.');
    expect(section).toContain('| API (HTTP GraphQL), one at a time | 2.00 | 3.00 | 4.00 | 400 |');
    expect(section).toContain('| bare SQL (pg), one at a time | 0.25 | 0.50 | 1.00 | 3,000 |');
    expect(section).toContain('| API / SQL, one at a time | 8.0× | 6.0× | 4.0× | 0.13× |');
    expect(section).toContain('| API (HTTP GraphQL), 8 at a time | 4.50 | 9.00 | 18.0 | 1,500 |');
    expect(section).toContain('| bare SQL (pg), 8 at a time | 0.50 | 1.50 | 3.00 | 12,000 |');
    expect(section).toContain('| API / SQL, 8 at a time | 9.0× | 6.0× | 6.0× | 0.13× |');
    expect(section).not.toContain('Target');
    expect(section).toContain('during the scenario: **250 MB** (target under 300 MB); 200 MB resident at the end.');
    expect(section).toContain('1.20 ms a request (10,505 requests)');
    expect(section).toContain('their PostgreSQL sessions): 0.25 of 2 cores on average.');
  });

  it("judges an issue's latency target one request at a time and under load, and shows both", () => {
    const usage = { cpuMs: 1, peakBytes: 1, residentBytes: 1, peakSinceScenarioStart: true, otherWorkCores: 0 };
    const section = scenarioSection({ ...result, scenario: federationAtRisk }, { people: 1_000_000, practices: 133 }, machine, usage, undefined, when);
    expect(section).toContain(
      '**Target (issue 8): p95 ≤ 15 ms through the API, within 1.5× the bare SQL.** ' +
        "One request at a time: API p95 3.00 ms, 6.0× the bare SQL's 0.50 ms: missed. " +
        "8 at a time (under load, queueing included): API p95 9.00 ms, 6.0× the bare SQL's 1.50 ms: missed.",
    );
    expect(targetVerdict({ issue: 8, p95Ms: 25 }, result.api, result.sql)).toBe('API p95 9.00 ms: met');
    expect(targetVerdict({ issue: 8, p95Ms: 5 }, result.api, result.sql)).toBe('API p95 9.00 ms: missed');
    expect(targetVerdict({ issue: 8, p95Ms: 15, timesSql: 1.5 }, result.alone!.api, { ...result.alone!.sql, p95: 2 })).toBe(
      "API p95 3.00 ms, 1.5× the bare SQL's 2.00 ms: met",
    );
  });

  it('leaves out the one-at-a-time rows when they were not measured', () => {
    const usage = { cpuMs: 1, peakBytes: 1, residentBytes: 1, peakSinceScenarioStart: true, otherWorkCores: 0 };
    const section = scenarioSection({ ...result, alone: null, settings: { ...result.settings, alone: 0 } }, { people: 1, practices: 1 }, machine, usage, undefined, when);
    expect(section).not.toContain('one at a time');
    expect(section).toContain('| API (HTTP GraphQL), 8 at a time | 4.50 |');
  });

  it('shows the seed timing in people, seconds and rows a second', () => {
    const report = { people: 1_000_000, seed: 1, asAt: '2026-11-24', localities: 9, pcns: 26, practices: 133, stages: [{ name: 'people', rows: 1_000_000, seconds: 25 }], seconds: 25 };
    const section = seedSection(report, machine, 5_000, 2, undefined, when);
    expect(section).toContain('**1,000,000 people in 25.0 s, 40,000 rows/s**');
    expect(section).toContain('133 practices, 26 PCNs and 9 localities');
    expect(section).toContain('--as-at 2026-11-24');
  });
});
