import { parseCommandLine, positiveWhole, UsageError } from '../../bench/src/bench-options';

export const SEED_USAGE = `npm run seed -- --people N [--seed S] [--reset] [--batch-size B] [--concurrency C] [--note TEXT] [--no-record]

Fills the configured database (DATABASE_URL, else the embedded PGlite in PGLITE_DATA_DIR) with a
synthetic population of N people registered with GP practices in PCNs and localities, the care
system's organisations and workforce, care teams and lead professionals for the top tier, and
joint care plans for most of those with a lead. The same seed gives the same population. On a
PostgreSQL server the timing is recorded in docs/BENCHMARKS.md.

  --people N        how many people (required; 1000000 or 1_000_000)
  --seed S          the random seed (default 1)
  --reset           remove an earlier generated population first
  --batch-size B    rows a statement (default 5000)
  --concurrency C   statements at once (default 2)
  --note TEXT       added to the record, e.g. what else was running
  --no-record       do not write docs/BENCHMARKS.md`;

export interface SeedOptions {
  people: number;
  seed: number;
  reset: boolean;
  batchSize: number;
  concurrency: number;
  note?: string;
  record: boolean;
}

export function seedOptions(argv: string[]): SeedOptions {
  const values = parseCommandLine(argv, {
    people: { type: 'string' },
    seed: { type: 'string' },
    reset: { type: 'boolean' },
    'batch-size': { type: 'string' },
    concurrency: { type: 'string' },
    note: { type: 'string' },
    'no-record': { type: 'boolean' },
  });
  if (values.people === undefined) throw new UsageError('Say how many people: --people N');
  return {
    people: positiveWhole('people', values.people, 0),
    seed: positiveWhole('seed', values.seed, 1, 0),
    reset: values.reset ?? false,
    batchSize: positiveWhole('batch-size', values['batch-size'], 5_000),
    concurrency: positiveWhole('concurrency', values.concurrency, 2),
    note: values.note,
    record: !values['no-record'],
  };
}
