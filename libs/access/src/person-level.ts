/**
 * Marks the classes whose instances are part of a person's record, and how to find whose, so
 * that the access interceptor can check and audit every one a resolver returns.
 */
const personOf = new Map<Function, (value: any) => string>();

export function PersonLevel<T>(person: (value: T) => string): ClassDecorator {
  return (target) => {
    personOf.set(target, person as (value: any) => string);
  };
}

/** The person a value belongs to, if it is person-level. */
export function personIdOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return personOf.get(value.constructor)?.(value);
}

const MAX_DEPTH = 4;

/** Every person-level value inside a resolver's result (arrays, pages, wrappers), with its person. */
export function findPersonLevel(value: unknown, depth = 0, found: Map<object, string> = new Map()): Map<object, string> {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || value instanceof Date) return found;
  const person = personIdOf(value);
  if (person) found.set(value, person);
  const children = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) if (typeof child === 'object') findPersonLevel(child, depth + 1, found);
  return found;
}
