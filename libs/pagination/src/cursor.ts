import { DomainError } from '@app/errors';

type CursorValue = string | number | null;

/**
 * Cursors are opaque to clients: the sort key of the last row on a page, so the next page is a
 * keyset query on an index rather than an OFFSET that grows with every page.
 */
export function encodeCursor(key: CursorValue[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError('BAD_USER_INPUT', 'The cursor is not one this service gave out for this list', {
    fields: [{ field: 'after', message: 'unknown cursor' }],
  });
}
