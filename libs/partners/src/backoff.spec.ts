import { isPermanentRefusal, retryDelay } from './backoff';

describe('retry delays', () => {
  it('double with each failed attempt, up to the cap', () => {
    const noJitter = () => 1;
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, 100, 1_000, noJitter))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('are spread by jitter between half and all of the exponential delay', () => {
    expect(retryDelay(3, 100, 10_000, () => 0)).toBe(200);
    expect(retryDelay(3, 100, 10_000, () => 0.5)).toBe(300);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelay(4, 100, 10_000);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });
});

describe('a partner refusal', () => {
  it('is permanent when the partner rejects the resource itself', () => {
    expect([400, 404, 410, 422].map(isPermanentRefusal)).toEqual([true, true, true, true]);
  });

  it('is worth retrying when the partner is down, busy or asks for new credentials', () => {
    expect([undefined, 401, 403, 409, 429, 500, 502, 503].map(isPermanentRefusal)).toEqual(Array(8).fill(false));
  });
});
