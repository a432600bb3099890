import { cachedReading } from './cached-reading';

describe('a reading cached for a few seconds', () => {
  it('asks the database once however many scrapes come in that time, then again after it', async () => {
    let clock = 0;
    let reads = 0;
    const reading = cachedReading(5000, async () => ++reads, () => clock);
    expect(await Promise.all([reading(), reading(), reading()])).toEqual([1, 1, 1]);
    clock = 4999;
    expect(await reading()).toBe(1);
    clock = 5000;
    expect(await reading()).toBe(2);
    expect(reads).toBe(2);
  });

  it('does not keep a failure: the next scrape asks again', async () => {
    let fail = true;
    const reading = cachedReading(60_000, async () => {
      if (fail) throw new Error('database down');
      return 'figures';
    });
    await expect(reading()).rejects.toThrow('database down');
    fail = false;
    expect(await reading()).toBe('figures');
  });
});
