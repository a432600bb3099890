/**
 * Loads what GraphQL asks for across a whole list in one query: each field resolver asks for its
 * parent's key, and the keys asked for in one turn of the event loop are loaded together. So a
 * care team of twenty professionals costs one query for their roles, not twenty.
 */
class Batch<V> {
  private waiting = new Map<string, { resolve: (rows: V[]) => void; reject: (error: unknown) => void }[]>();

  constructor(
    private readonly loadMany: (keys: string[]) => Promise<V[]>,
    private readonly keyOf: (row: V) => string,
  ) {}

  load(key: string): Promise<V[]> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      const callers = this.waiting.get(key) ?? [];
      callers.push({ resolve, reject });
      this.waiting.set(key, callers);
    });
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = new Map();
    try {
      const byKey = new Map<string, V[]>();
      for (const row of await this.loadMany([...waiting.keys()])) {
        const key = this.keyOf(row);
        byKey.set(key, [...(byKey.get(key) ?? []), row]);
      }
      for (const [key, callers] of waiting) callers.forEach((c) => c.resolve(byKey.get(key) ?? []));
    } catch (error) {
      for (const callers of waiting.values()) callers.forEach((c) => c.reject(error));
    }
  }
}

const batchesByRequest = new WeakMap<object, Map<string, Batch<unknown>>>();

/**
 * The rows for `key`, batched with every other key asked for under the same `name` in this request
 * (`context` is the GraphQL context, one object per request).
 */
export function loadBatched<V>(
  context: object,
  name: string,
  key: string,
  loadMany: (keys: string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
): Promise<V[]> {
  let batches = batchesByRequest.get(context);
  if (!batches) batchesByRequest.set(context, (batches = new Map()));
  let batch = batches.get(name) as Batch<V> | undefined;
  if (!batch) batches.set(name, (batch = new Batch(loadMany, keyOf)) as Batch<unknown>);
  return batch.load(key);
}
