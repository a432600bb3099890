import { parseArgs, ParseArgsConfig } from 'node:util';
import { RunSettings } from './harness';
import { Scenario } from './scenario';

export const BENCH_USAGE = `npm run bench [-- --scenario NAME ...] [--iterations K] [--requests R] [--concurrency C] [--warmup W] [--alone A] [--seed S] [--note TEXT] [--no-record]

Runs the named scenarios (all by default) against the PostgreSQL server in DATABASE_URL, which
must hold a generated population (npm run seed -- --people 1000000), through the real API (built
and started as a child process on a loopback port) and as bare SQL, and records the figures in
docs/BENCHMARKS.md.

  --scenario NAME   a scenario's name (repeat for more): %SCENARIOS%
  --iterations K    rounds a scenario (or the re-tiering passes); figures are medians over rounds (default 5)
  --requests R      requests a round, each way (default 2000)
  --concurrency C   requests in flight at once (default 8)
  --warmup W        requests each way before the first round, not counted (default 500)
  --alone A         requests a round each way one at a time, after the concurrent ones: the latency
                    of a single request without queueing (default 500, at most --requests; 0 skips)
  --seed S          seeds the choice of people and practices (default 1)
  --note TEXT       added to the record, e.g. what else was running
  --retier          time re-tiering the whole population instead of the scenarios
  --scale-curve     run the scenarios on populations of each size and record how each cost grows
                    ("Scale curve" in docs/BENCHMARKS.md); the databases are bench_100k, bench and
                    bench_5m on DATABASE_URL's server (100,000, 1,000,000 and 5,000,000 people,
                    each made by npm run seed -- --people N), or those named with --database
  --database URL    a database for --scale-curve (repeat, smallest population first)
  --no-record       print the figures without writing docs/BENCHMARKS.md`;

export interface BenchOptions {
  databaseUrl: string;
  scenarios: Scenario[];
  settings: RunSettings;
  note?: string;
  record: boolean;
  /** Time re-tiering the whole population instead of running scenarios. */
  retier: boolean;
  /** For a scale curve: the databases to run on, smallest population first; empty otherwise. */
  scaleCurve: string[];
}

/** The scale curve's populations, by database name on the server DATABASE_URL names. */
export const SCALE_CURVE_DATABASES = ['bench_100k', 'bench', 'bench_5m'];

function onSameServer(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export class UsageError extends Error {}

/** Reads a command line; an unknown option or a missing value is a UsageError. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function positiveWhole(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not ${value}`);
  return n;
}

/** Reads the command line and environment; a UsageError says what is wrong. */
export function benchOptions(argv: string[], env: Record<string, string | undefined>, all: readonly Scenario[]): BenchOptions {
  const values = parseCommandLine(argv, {
    scenario: { type: 'string', multiple: true },
    iterations: { type: 'string' },
    requests: { type: 'string' },
    concurrency: { type: 'string' },
    warmup: { type: 'string' },
    alone: { type: 'string' },
    seed: { type: 'string' },
    note: { type: 'string' },
    'no-record': { type: 'boolean' },
    retier: { type: 'boolean' },
    'scale-curve': { type: 'boolean' },
    database: { type: 'string', multiple: true },
  });
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new UsageError(
      'npm run bench measures against a PostgreSQL server: set DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/bench) to a database seeded with npm run seed -- --people 1000000',
    );
  }
  if (values.database && !values['scale-curve']) throw new UsageError('--database is for --scale-curve; for one database, set DATABASE_URL');
  const requests = positiveWhole('requests', values.requests, 2_000);
  const scenarios = (values.scenario ?? all.map((s) => s.id)).map((name) => {
    const found = all.find((s) => s.id === name || s.title.toLowerCase() === name.toLowerCase());
    if (!found) throw new UsageError(`There is no scenario ${name}; there are ${all.map((s) => s.id).join(', ')}`);
    return found;
  });
  return {
    databaseUrl,
    scenarios,
    settings: {
      iterations: positiveWhole('iterations', values.iterations, 5),
      requests,
      concurrency: positiveWhole('concurrency', values.concurrency, 8),
      warmup: positiveWhole('warmup', values.warmup, 500, 0),
      alone: positiveWhole('alone', values.alone, Math.min(500, requests), 0),
      seed: positiveWhole('seed', values.seed, 1, 0),
    },
    note: values.note,
    record: !values['no-record'],
    retier: values.retier ?? false,
    scaleCurve: values['scale-curve']
      ? (values.database ?? SCALE_CURVE_DATABASES.map((name) => onSameServer(databaseUrl, name)))
      : [],
  };
}
