/**
 * A reading taken at most once every `ttlMs`: callers within that time (the gauges of one scrape, or
 * a storm of scrapes) share the last answer or the one in flight, so the database is asked once.
 * A failed reading is not kept: the next caller asks again.
 */
export function cachedReading<T>(ttlMs: number, read: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (last && now() - last.at < ttlMs) return last.value;
    const at = now();
    const value = read();
    last = { at, value };
    value.catch(() => {
      if (last?.value === value) last = undefined;
    });
    return value;
  };
}
