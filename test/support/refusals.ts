import { DataSource } from 'typeorm';
import { DomainError } from '@app/errors';

/** The code a call was refused with ('no error' if it was not), for tests that expect a refusal. */
export const refusalOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof DomainError ? e.code : `not a domain error: ${String(e)}`),
  );

/** How many rows each table holds, to show that a refused call wrote nothing. */
export async function rowCounts(db: DataSource, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return counts;
}
