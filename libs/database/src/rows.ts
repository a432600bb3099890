import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { DomainError } from '@app/errors';
import { isUniqueViolation } from './postgres-errors';

type Identified = ObjectLiteral & { id: string };

/** The row with this id, or the refusal given (ORGANISATION_NOT_FOUND and the like). */
export async function findOrRefuse<T extends Identified>(
  db: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  refusal: () => DomainError,
  lock = false,
): Promise<T> {
  const row = await db.findOne(entity, {
    where: { id } as FindOptionsWhere<T>,
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!row) throw refusal();
  return row;
}

/**
 * Locks the row for the rest of the transaction and checks that the caller read its current
 * version, so that two edits from one version cannot both apply (VERSION_CONFLICT).
 */
export async function lockAtVersion<T extends Identified & { version: number }>(
  db: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  expectedVersion: number,
  refusal: () => DomainError,
): Promise<T> {
  const current = await findOrRefuse(db, entity, id, refusal, true);
  if (current.version !== expectedVersion) {
    throw new DomainError(
      'VERSION_CONFLICT',
      `It is at version ${current.version}, not ${expectedVersion}: read it again and reapply your change`,
      { currentVersion: current.version },
    );
  }
  return current;
}

/**
 * Runs the work, turning a violation of the named unique constraint into the caller's refusal
 * (ODS_CODE_TAKEN, ALREADY_A_MEMBER...). The constraint decides races; the refusal is worked out
 * after the failed transaction has rolled back, so it may read what is there.
 */
export async function refusingDuplicate<T>(
  constraint: string,
  work: () => Promise<T>,
  refusal: () => Promise<DomainError>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, constraint)) throw await refusal();
    throw error;
  }
}
