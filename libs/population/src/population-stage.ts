import type { SqlRunner } from '@app/database';
import { PeopleOptions } from './synthetic-people';
import { PracticeHierarchy } from './practice-hierarchy';

export type { SqlRunner };

export interface StageContext {
  db: SqlRunner;
  options: Required<PeopleOptions> & { batchSize: number; concurrency: number };
  /** The practices, PCNs and localities every stage works from. */
  hierarchy: PracticeHierarchy;
  /** Says that `rows` more rows are written (for the progress bar). */
  written(rows: number): void;
  /** Says how many rows the stage will write in all, once it knows better than plannedRows did. */
  planned(total: number): void;
}

/**
 * One step of the generator: it writes one kind of thing (people, organisations, the workforce,
 * care teams; later plans...) from the hierarchy and what earlier stages wrote.
 */
export interface PopulationStage {
  name: string;
  /** How many rows the stage will write (an estimate, if it cannot know yet), for the progress bar. */
  plannedRows(context: Pick<StageContext, 'options' | 'hierarchy'>): number;
  /** How many rows an earlier run left; the generator will not write on top of them. */
  existingRows(db: SqlRunner): Promise<number>;
  /** Removes what earlier runs wrote. Stages reset in reverse order, so later ones go first. */
  reset(db: SqlRunner): Promise<void>;
  /** Writes the stage's rows and says how many. */
  run(context: StageContext): Promise<number>;
}

export interface Column<Row> {
  name: string;
  /** The column's SQL type: `text`, `date`, `uuid`, `text[]`... */
  type: string;
  value(row: Row): unknown;
}

const isArrayType = (type: string) => type.endsWith('[]');

/** A PostgreSQL array literal of text items: {"a","b \"c\""}. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * A set-based insert of many rows in one statement: each column goes as one array parameter and
 * `unnest` turns the arrays back into rows. Array-typed columns go as array literals and are cast
 * back, since unnest flattens arrays of arrays.
 */
export function unnestInsert<Row>(table: string, columns: readonly Column<Row>[]) {
  const names = columns.map((c) => c.name).join(', ');
  const selected = columns.map((c) => (isArrayType(c.type) ? `${c.name}::${c.type}` : c.name)).join(', ');
  const parameters = columns.map((c, i) => `$${i + 1}::${isArrayType(c.type) ? 'text' : c.type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${selected} FROM unnest(${parameters}) AS t(${names})`;
  return async (db: SqlRunner, rows: readonly Row[]): Promise<void> => {
    await db.query(
      sql,
      columns.map((c) =>
        rows.map((row) => {
          const value = c.value(row);
          return isArrayType(c.type) ? arrayLiteral(value as string[]) : value;
        }),
      ),
    );
  };
}

/**
 * Writes rows in batches of `batchSize`, up to `concurrency` batches at a time (on a server, the
 * next batch is built while the last is written), reporting each batch as it lands.
 */
export async function writeInBatches<Row>(
  rows: Iterable<Row>,
  context: StageContext,
  write: (db: SqlRunner, batch: Row[]) => Promise<void>,
): Promise<number> {
  const { batchSize, concurrency } = context.options;
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let count = 0;
  const launch = async (batch: Row[]) => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) throw failure.error;
    const pending: Promise<void> = write(context.db, batch)
      .then(
        () => context.written(batch.length),
        (error: unknown) => void (failure ??= { error }),
      )
      .finally(() => inFlight.delete(pending));
    inFlight.add(pending);
    count += batch.length;
  };
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === batchSize) {
      await launch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await launch(batch);
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return count;
}
