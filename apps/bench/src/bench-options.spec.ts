import { benchOptions, UsageError } from './bench-options';
import { SCENARIOS } from './scenarios';

const URL = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/bench' };

describe('The bench command line', () => {
  it('refuses to run without a PostgreSQL server, saying how to give one', () => {
    expect(() => benchOptions([], {}, SCENARIOS)).toThrow(UsageError);
    expect(() => benchOptions([], {}, SCENARIOS)).toThrow(/DATABASE_URL/);
  });

  it('runs every scenario by default, or those named', () => {
    expect(benchOptions([], URL, SCENARIOS).scenarios).toEqual(SCENARIOS);
    const named = benchOptions(['--scenario', 'practice-page', '--iterations', '3'], URL, SCENARIOS);
    expect(named.scenarios.map((s) => s.id)).toEqual(['practice-page']);
    expect(named.settings.iterations).toBe(3);
    expect(named.record).toBe(true);
  });

  it('times 500 requests a round one at a time unless told, never more than the concurrent requests, and none with --alone 0', () => {
    expect(benchOptions([], URL, SCENARIOS).settings.alone).toBe(500);
    expect(benchOptions(['--requests', '10'], URL, SCENARIOS).settings.alone).toBe(10);
    expect(benchOptions(['--alone', '0'], URL, SCENARIOS).settings.alone).toBe(0);
    expect(benchOptions(['--alone', '1000'], URL, SCENARIOS).settings.alone).toBe(1000);
  });

  it('refuses an unknown scenario or a count that is not a whole number', () => {
    expect(() => benchOptions(['--scenario', 'nope'], URL, SCENARIOS)).toThrow(/no scenario nope; there are person-by-nhs-number/);
    expect(() => benchOptions(['--iterations', '0'], URL, SCENARIOS)).toThrow(/--iterations must be a whole number of at least 1/);
    expect(() => benchOptions(['--requests', 'many'], URL, SCENARIOS)).toThrow(UsageError);
  });

  it('runs a scale curve on the 100k, 1M and 5M databases beside DATABASE_URL, or on those named', () => {
    expect(benchOptions(['--scale-curve'], URL, SCENARIOS).scaleCurve).toEqual([
      'postgres://postgres@127.0.0.1:5432/bench_100k',
      'postgres://postgres@127.0.0.1:5432/bench',
      'postgres://postgres@127.0.0.1:5432/bench_5m',
    ]);
    expect(benchOptions(['--scale-curve', '--database', 'postgres://h/a', '--database', 'postgres://h/b'], URL, SCENARIOS).scaleCurve).toEqual([
      'postgres://h/a',
      'postgres://h/b',
    ]);
    expect(benchOptions([], URL, SCENARIOS).scaleCurve).toEqual([]);
    expect(() => benchOptions(['--database', 'postgres://h/a'], URL, SCENARIOS)).toThrow(/--database is for --scale-curve/);
  });
});
