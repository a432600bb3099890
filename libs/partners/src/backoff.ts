/**
 * Milliseconds to wait before attempt `attempts + 1`: exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so that many messages failing together against one
 * partner do not all come back at the same instant.
 */
export function retryDelay(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** A refusal that will not change by trying again (a poison message): park it at once. */
export function isPermanentRefusal(httpStatus: number | undefined): boolean {
  if (httpStatus === undefined) return false;
  // 401/403: credentials may be rotated; 408/409/412/425/429: the partner asks to come back later.
  return httpStatus >= 400 && httpStatus < 500 && ![401, 403, 408, 409, 412, 425, 429].includes(httpStatus);
}
