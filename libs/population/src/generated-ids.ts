import type { SqlRunner } from './population-stage';
import { Prng, uuidOf } from './prng';

/**
 * The ids of everything the generator writes beside its people (organisations, professionals, teams,
 * care teams, leads) come from one reserved block of UUIDs, all starting 5eed0000-, as its people's
 * NHS numbers come from a range never issued: a reset removes exactly what the generator wrote with
 * an indexed range condition, and an id the service makes (gen_random_uuid()) lands in the block
 * once in four billion.
 */
export const GENERATED_IDS = {
  first: '5eed0000-0000-0000-0000-000000000000',
  last: '5eed0000-ffff-ffff-ffff-ffffffffffff',
} as const;

const BLOCK = 0x5eed0000;

/** A version 4 UUID in the generator's block, from the generator's bits: the same seed gives the same id. */
export const generatedId = (prng: Prng): string => uuidOf(BLOCK, prng.bits(), prng.bits(), prng.bits());

export const isGeneratedId = (id: string) => id >= GENERATED_IDS.first && id <= GENERATED_IDS.last;

const BLOCK_PARAMETERS = [GENERATED_IDS.first, GENERATED_IDS.last];
/** `column` is in the generator's block ($1 and $2). */
const inBlock = (column: string) => `${column} BETWEEN $1::uuid AND $2::uuid`;

/** How many rows of the table the generator wrote. */
export async function countGenerated(db: SqlRunner, table: string): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${inBlock('id')}`, BLOCK_PARAMETERS);
  return Number(row.n);
}

/** Deletes the rows the generator wrote, table by table in the order given (those that refer to others first). */
export async function deleteGenerated(db: SqlRunner, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.query(`DELETE FROM ${table} WHERE ${inBlock('id')}`, BLOCK_PARAMETERS);
}
