/** Latency percentiles (milliseconds) and throughput (requests a second) of one round of requests. */
export interface Figures {
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

export function figuresOf(latenciesMs: Float64Array, wallMs: number): Figures {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    throughput: latenciesMs.length / (wallMs / 1000),
  };
}

/** The nearest-rank median: of an even number, the lower middle value. */
export const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);

/** Each figure's median over rounds, so that one disturbed round does not decide the result. */
export function medianFigures(rounds: readonly Figures[]): Figures {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    p99: median(rounds.map((r) => r.p99)),
    throughput: median(rounds.map((r) => r.throughput)),
  };
}

/** API over SQL for each figure: latency ratios above 1 and a throughput ratio below 1 are the service's cost. */
export function ratioOf(api: Figures, sql: Figures): Figures {
  return {
    p50: api.p50 / sql.p50,
    p95: api.p95 / sql.p95,
    p99: api.p99 / sql.p99,
    throughput: api.throughput / sql.throughput,
  };
}

/**
 * Runs `work` once for each input, at most `concurrency` at a time, and times each run and the
 * whole. A bounded loop: exactly inputs.length runs.
 */
export async function timeEach<Input>(
  inputs: readonly Input[],
  concurrency: number,
  work: (input: Input) => Promise<unknown>,
): Promise<{ latenciesMs: Float64Array; wallMs: number }> {
  const latenciesMs = new Float64Array(inputs.length);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      const t0 = performance.now();
      await work(inputs[i]);
      latenciesMs[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, worker));
  return { latenciesMs, wallMs: performance.now() - started };
}
