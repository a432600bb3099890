/** Anything that runs SQL with $1-style parameters: a TypeORM DataSource or EntityManager, a pg Pool or Client. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** A query's rows: pg answers { rows }, TypeORM the rows themselves. */
export const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : result.rows);

type Transactional = Partial<{
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>; // a TypeORM DataSource
  connect(): Promise<SqlRunner & { release(): void }>; // a pg Pool
}>;

/** Runs the work in one transaction on one connection, for work that needs one (SET LOCAL, temporary tables). */
export async function inOneTransaction<T>(db: SqlRunner, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  const source = db as SqlRunner & Transactional;
  if (source.transaction) return source.transaction(work);
  const client = source.connect ? await source.connect() : undefined;
  const tx = client ?? db;
  await tx.query('BEGIN');
  try {
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK');
    throw error;
  } finally {
    client?.release();
  }
}
