import { today } from '@app/validation';
import { parseCommandLine, positiveWhole, UsageError } from '../../bench/src/bench-options';

export const SEED_USAGE = `npm run seed -- --people N [--seed S] [--as-at YYYY-MM-DD] [--reset] [--batch-size B] [--concurrency C] [--note TEXT] [--no-record] [--only STAGE]

Fills the configured database (DATABASE_URL, else the embedded PGlite in PGLITE_DATA_DIR) with a
synthetic population of N people registered with GP practices in PCNs and localities, the care
system's organisations and workforce, care teams and lead professionals for the top tier, and
joint care plans for most of those with a lead, as they stand on the as-at date (today by default,
so that reviews fall due around now). The same seed and as-at date give the same population. On a
PostgreSQL server the timing is recorded in docs/BENCHMARKS.md.

  --people N        how many people (required; 1000000 or 1_000_000)
  --seed S          the random seed (default 1)
  --as-at DATE      the day the population is as of (default today, in England)
  --reset           remove an earlier generated population first
  --batch-size B    rows a statement (default 5000)
  --concurrency C   statements at once (default 2)
  --note TEXT       added to the record, e.g. what else was running
  --no-record       do not write docs/BENCHMARKS.md
  --only STAGE      run (or with --reset, rerun) one stage on a population already there, e.g.
                    --only care-events; give the same --people, --seed and --as-at as it was made with`;

export interface SeedOptions {
  people: number;
  seed: number;
  asAt: string;
  reset: boolean;
  batchSize: number;
  concurrency: number;
  note?: string;
  record: boolean;
  /** One stage's name, in kebab case (care-events), to run alone. */
  only?: string;
}

export function seedOptions(argv: string[]): SeedOptions {
  const values = parseCommandLine(argv, {
    people: { type: 'string' },
    seed: { type: 'string' },
    'as-at': { type: 'string' },
    reset: { type: 'boolean' },
    'batch-size': { type: 'string' },
    concurrency: { type: 'string' },
    note: { type: 'string' },
    'no-record': { type: 'boolean' },
    only: { type: 'string' },
  });
  if (values.people === undefined) throw new UsageError('Say how many people: --people N');
  return {
    people: positiveWhole('people', values.people, 0),
    seed: positiveWhole('seed', values.seed, 1, 0),
    asAt: calendarDate('as-at', values['as-at']) ?? today(),
    reset: values.reset ?? false,
    batchSize: positiveWhole('batch-size', values['batch-size'], 5_000),
    concurrency: positiveWhole('concurrency', values.concurrency, 2),
    note: values.note,
    record: !values['no-record'],
    only: values.only,
  };
}

function calendarDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--${name} must be a date written YYYY-MM-DD, not ${value}`);
  }
  return value;
}
