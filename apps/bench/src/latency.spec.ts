import { figuresOf, medianFigures, percentile, ratioOf, timeEach } from './latency';

describe('Latency figures', () => {
  it('takes nearest-rank percentiles of the latencies, and throughput from the wall time', () => {
    const latencies = Float64Array.from({ length: 100 }, (_, i) => 100 - i); // 100 down to 1 ms
    expect(figuresOf(latencies, 2_000)).toEqual({ p50: 50, p95: 95, p99: 99, throughput: 50 });
    expect(percentile(Float64Array.of(7), 99)).toBe(7);
  });

  it('reports the median round of each figure, and API over SQL as ratios', () => {
    const round = (p50: number, throughput: number) => ({ p50, p95: p50 * 2, p99: p50 * 3, throughput });
    const median = medianFigures([round(1, 900), round(9, 100), round(2, 500)]);
    expect(median).toEqual({ p50: 2, p95: 4, p99: 6, throughput: 500 });
    expect(ratioOf(round(4, 250), round(1, 1000))).toEqual({ p50: 4, p95: 4, p99: 4, throughput: 0.25 });
  });

  it('runs the work exactly once an input, never more than the concurrency at a time', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const { latenciesMs } = await timeEach([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push(n);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
    expect(latenciesMs.every((ms) => ms > 0)).toBe(true);
  });
});
