/** PostgreSQL's SQLSTATE for a unique constraint violation, as both pg and PGlite report it. */
const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const cause = e?.driverError ?? e;
  return cause?.code === UNIQUE_VIOLATION && (constraint === undefined || cause.constraint === constraint);
}

/** PostgreSQL's SQLSTATE for a lock not had within lock_timeout (or NOWAIT). */
const LOCK_NOT_AVAILABLE = '55P03';

export function isLockNotAvailable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e?.driverError ?? e)?.code === LOCK_NOT_AVAILABLE;
}
