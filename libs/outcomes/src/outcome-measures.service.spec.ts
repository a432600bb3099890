import { rateOf } from './outcome-measures.service';

describe('a rate from its numerator and denominator', () => {
  it('is per 100, 1,000 or 100,000 to one decimal place', () => {
    expect(rateOf(1, 3, 100)).toBe(33.3);
    expect(rateOf(6, 7, 1000)).toBe(857.1);
    expect(rateOf(8, 6, 100_000)).toBe(133333.3);
    expect(rateOf(0, 5, 100)).toBe(0);
  });

  it('is null, not infinite, when nobody is in the denominator', () => {
    expect(rateOf(0, 0, 100)).toBeNull();
  });
});
