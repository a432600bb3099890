import { DomainError } from '@app/errors';

/** The fields the caller gave; GraphQL leaves the others undefined, meaning "as it is". */
export const definedOnly = <T extends object>(input: T): Partial<T> =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;

/** Refuses null for fields a record always has: an update may change them but never clear them. */
export function refuseCleared<T extends object>(changes: T, required: readonly (keyof T)[]): void {
  const cleared = required.filter((field) => changes[field] === null);
  if (cleared.length > 0) {
    throw new DomainError('BAD_USER_INPUT', `${cleared.join(', ')} cannot be cleared`, {
      fields: cleared.map((field) => ({ field, message: 'cannot be null' })),
    });
  }
}
