import { Machine, replaceSection, scenarioSection, seedSection } from './benchmarks-doc';
import { ScenarioResult } from './harness';
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

  it("shows a scenario's figures both ways, the ratio, and the API's memory and CPU, with the machine and the data set", () => {
    const result: ScenarioResult = {
      scenario: personByNhsNumber,
      settings: { iterations: 5, requests: 2_000, concurrency: 8, warmup: 500, seed: 1 },
      api: { p50: 4.5, p95: 9, p99: 18, throughput: 1_500 },
      sql: { p50: 0.5, p95: 1.5, p99: 3, throughput: 12_000 },
      ratio: { p50: 9, p95: 6, p99: 6, throughput: 0.125 },
      apiRequests: 10_505,
    };
    const usage = { cpuMs: 12_606, peakBytes: 250 * 2 ** 20, residentBytes: 200 * 2 ** 20, peakSinceScenarioStart: true, otherWorkCores: 0.25 };
    const section = scenarioSection(result, { people: 1_000_000, practices: 133 }, machine, usage, 'Quiet machine.', when);
    expect(section).toContain('## Person by NHS number');
    expect(section).toContain('1,000,000 people in 133 practices. Medians of 5 rounds of 2,000 requests, 8 at a time');
    expect(section).toContain('Measured 2026-11-24 09:30 UTC on AMD EPYC, 2 cores, 24 GB; Node v20.20.2; PostgreSQL 15.18. Quiet machine.');
    expect(section).toContain('| API (HTTP GraphQL) | 4.50 | 9.00 | 18.0 | 1,500 |');
    expect(section).toContain('| bare SQL (pg) | 0.50 | 1.50 | 3.00 | 12,000 |');
    expect(section).toContain('| API / SQL | 9.0× | 6.0× | 6.0× | 0.13× |');
    expect(section).toContain('during the scenario: **250 MB** (target under 300 MB); 200 MB resident at the end.');
    expect(section).toContain('1.20 ms a request (10,505 requests)');
    expect(section).toContain('their PostgreSQL sessions): 0.25 of 2 cores on average.');
  });

  it('shows the seed timing in people, seconds and rows a second', () => {
    const report = { people: 1_000_000, seed: 1, asAt: '2026-11-24', localities: 9, pcns: 26, practices: 133, stages: [{ name: 'people', rows: 1_000_000, seconds: 25 }], seconds: 25 };
    const section = seedSection(report, machine, 5_000, 2, undefined, when);
    expect(section).toContain('**1,000,000 people in 25.0 s, 40,000 rows/s**');
    expect(section).toContain('133 practices, 26 PCNs and 9 localities');
    expect(section).toContain('--as-at 2026-11-24');
  });
});
