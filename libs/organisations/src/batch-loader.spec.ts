import { loadBatched } from './batch-loader';

describe('loading a field for a whole list at once', () => {
  const rows = [
    { owner: 'a', n: 1 },
    { owner: 'b', n: 2 },
    { owner: 'a', n: 3 },
  ];

  it('asks once for every key wanted in the same turn, and gives each caller its own rows', async () => {
    const asked: string[][] = [];
    const loadMany = async (keys: string[]) => (asked.push(keys), rows.filter((r) => keys.includes(r.owner)));
    const request = {};
    const load = (key: string) => loadBatched(request, 'rows', key, loadMany, (r) => r.owner);
    const [a, b, c, a2] = await Promise.all([load('a'), load('b'), Promise.resolve().then(() => load('c')), load('a')]);
    expect(asked).toEqual([['a', 'b', 'c']]);
    expect([a, b, c, a2]).toEqual([[rows[0], rows[2]], [rows[1]], [], [rows[0], rows[2]]]);
  });

  it('keeps requests and names apart, and hands a failure to every caller in the batch', async () => {
    const failing = async (): Promise<typeof rows> => {
      throw new Error('database down');
    };
    const request = {};
    const results = await Promise.allSettled([
      loadBatched(request, 'rows', 'a', failing, (r) => r.owner),
      loadBatched(request, 'rows', 'b', failing, (r) => r.owner),
      loadBatched(
        request,
        'other rows',
        'a',
        async () => rows,
        (r) => r.owner,
      ),
      loadBatched(
        {},
        'rows',
        'a',
        async () => rows,
        (r) => r.owner,
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
  });
});
