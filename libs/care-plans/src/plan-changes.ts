/** One difference between two versions of a plan: where, and the value before and after (JSON). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lists whose items carry an id are compared item by item by id, so that removing one does not shift the rest. */
const keyedById = (list: Json[]) => list.every((item) => isObject(item) && typeof item.id === 'string');

/**
 * The field paths at which two versions differ ("actions[id=…].status", "goals[1]", "carer.contact"),
 * each with its value before and after (undefined where there was none). Pure, for the API and tests.
 */
export function changesBetween(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changesBetween(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (keyedById(before) && keyedById(after)) {
      const byId = (list: Json[]) => new Map(list.map((item) => [(item as { id: string }).id, item]));
      const [was, is] = [byId(before), byId(after)];
      const ids = [...was.keys(), ...[...is.keys()].filter((id) => !was.has(id))];
      return ids.flatMap((id) => changesBetween(was.get(id), is.get(id), `${path}[id=${id}]`));
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => changesBetween(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return [{ path, before, after }];
}
