import { DomainError } from '@app/errors';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE } from '@app/pagination';

/** A search's parameters as given (`?a=1&a=2` gives two values). */
export type SearchParams = Record<string, string[]>;

/** A comparison on a date (FHIR prefixes eq, ne... of which the service takes the ordering ones). */
export interface DateBound {
  op: '>=' | '>' | '<=' | '<';
  value: string;
}

/** A search parsed and checked, ready to become one SQL statement. */
export interface ParsedSearch {
  /** Parameters of the resource type, each value checked by the type that declares it. */
  params: SearchParams;
  lastUpdated: DateBound[];
  count: number;
  /** The keyset position after which the page starts: (lastUpdated, id) of the previous page's last match. */
  after?: [string, string];
  /**
   * Only the records of these people (SQL giving their ids, with its named parameters): a search
   * that names nobody looks among the user's own people. Types that hold no one's record ignore it.
   */
  people?: PeopleScope;
}

export interface PeopleScope {
  sql: string;
  parameters: Record<string, unknown>;
}

export const DEFAULT_COUNT = 50;
/** Parameters every type takes, and the service's own paging cursor. */
const COMMON = new Set(['_count', '_lastUpdated', '_cursor', '_format']);

const bad = (parameter: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `Search parameter ${parameter}: ${message}`, { expression: [parameter] });

const PREFIX: Record<string, DateBound['op'][]> = { ge: ['>='], gt: ['>'], le: ['<='], lt: ['<'], eq: ['>=', '<='] };

function dateBounds(values: string[]): DateBound[] {
  return values.flatMap((raw) => {
    const [, prefix = 'eq', value] = /^(ge|gt|le|lt|eq)?(.*)$/.exec(raw)!;
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw bad('_lastUpdated', `${raw} is not a date or an instant (such as ge2025-06-30 or lt2025-06-30T12:00:00Z)`);
    }
    return PREFIX[prefix].map((op) => ({ op, value }));
  });
}

/**
 * Parses a search: unknown parameters are refused (a search that silently ignores a filter
 * returns more than the caller asked for), `_count` is bounded, the cursor is one we gave out.
 */
export function parseSearch(query: Record<string, unknown>, known: readonly string[]): ParsedSearch {
  const params: SearchParams = {};
  for (const [name, value] of Object.entries(query)) {
    const values = (Array.isArray(value) ? value : [value]).map(String);
    if (!COMMON.has(name) && !known.includes(name)) {
      throw bad(name, `not supported here; this type is searched by ${[...known, '_lastUpdated', '_count'].join(', ')}`);
    }
    params[name] = values;
  }
  const countText = params._count?.[0] ?? String(DEFAULT_COUNT);
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAGE_SIZE) throw bad('_count', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const cursor = params._cursor?.[0];
  const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
  const { _count: _c, _cursor: _k, _lastUpdated: lastUpdated = [], _format: _f, ...own } = params;
  return { params: own, lastUpdated: dateBounds(lastUpdated), count, after };
}

export const cursorAfter = (lastUpdated: string, id: string) => encodeCursor([lastUpdated, id]);

/** `system|value`, `|value` or `value`, as FHIR token parameters are written. */
export function parseToken(parameter: string, raw: string): { system?: string; value: string } {
  const bar = raw.indexOf('|');
  const token = bar < 0 ? { value: raw } : { system: raw.slice(0, bar) || undefined, value: raw.slice(bar + 1) };
  if (!token.value) throw bad(parameter, `${raw} has no value`);
  return token;
}

/** `Type/<id>` or `<id>`, as reference parameters (patient, subject, organization...) are written. */
export function parseReference(parameter: string, type: string, raw: string): string {
  const id = raw.startsWith(`${type}/`) ? raw.slice(type.length + 1) : raw;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw bad(parameter, `${raw} is not a ${type} reference (${type}/<id>)`);
  }
  return id;
}
