import { createPrng } from '@app/population';
import { Figures, figuresOf, medianFigures, ratioOf, timeEach } from './latency';
import { Drivers, Scenario } from './scenario';

export interface RunSettings {
  /** Rounds; each figure reported is the median over them. */
  iterations: number;
  /** Requests a round, each way. */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests each way before the first round, not counted. */
  warmup: number;
  /**
   * Requests a round sent one at a time, after the loaded ones: the latency of a single request,
   * without the queueing that `concurrency` requests on a small machine add. 0 skips them.
   */
  alone: number;
  /** Seeds the choice of inputs. */
  seed: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  settings: RunSettings;
  api: Figures;
  sql: Figures;
  /** API over SQL. */
  ratio: Figures;
  /** The same, one request at a time (null when --alone is 0). */
  alone: { api: Figures; sql: Figures; ratio: Figures } | null;
  /** Requests made through the API, counting the warm-up and the answer checks. */
  apiRequests: number;
}

/** How many inputs are checked for the same answer both ways before timing starts. */
const CHECKED = 5;

/**
 * Checks that the API and the bare SQL answer the same for each input: the comparison is only
 * fair if both do the same work.
 */
export async function checkSameAnswers<Input>(scenario: Scenario<Input>, drivers: Drivers, inputs: readonly Input[]): Promise<void> {
  for (const input of inputs) {
    const [api, sql] = await Promise.all([scenario.api(drivers.api, input), scenario.sql(drivers.sql, input)]);
    if (JSON.stringify(api) !== JSON.stringify(sql)) {
      throw new Error(
        `${scenario.title}: for ${JSON.stringify(input)} the API answered ${JSON.stringify(api)} but SQL ${JSON.stringify(sql)}`,
      );
    }
  }
}

/**
 * Runs one scenario: draws the inputs, checks both ways agree, warms up, then times `iterations`
 * rounds, each of `requests` requests through the API and the same through bare SQL, `concurrency`
 * at a time, then `alone` more each way one at a time; the ways alternate so that anything else on
 * the machine disturbs both alike.
 */
export async function runScenario<Input>(scenario: Scenario<Input>, drivers: Drivers, given: RunSettings): Promise<ScenarioResult> {
  const settings = { ...given, concurrency: scenario.concurrency ?? given.concurrency };
  const { iterations, requests, concurrency, warmup, alone } = settings;
  const prng = createPrng(settings.seed, scenario.id);
  const perRound = requests + alone;
  const inputs = await scenario.inputs(drivers.sql, warmup + iterations * perRound, prng);
  await checkSameAnswers(scenario, drivers, inputs.slice(0, CHECKED));
  const viaApi = (input: Input) => scenario.api(drivers.api, input);
  const viaSql = (input: Input) => scenario.sql(drivers.sql, input);
  if (warmup > 0) {
    await timeEach(inputs.slice(0, warmup), concurrency, viaApi);
    await timeEach(inputs.slice(0, warmup), concurrency, viaSql);
  }
  const rounds = { api: [] as Figures[], sql: [] as Figures[], aloneApi: [] as Figures[], aloneSql: [] as Figures[] };
  const time = async (slice: readonly Input[], atOnce: number, work: (input: Input) => Promise<unknown>, into: Figures[]) => {
    if (slice.length === 0) return;
    const { latenciesMs, wallMs } = await timeEach(slice, atOnce, work);
    into.push(figuresOf(latenciesMs, wallMs));
  };
  for (let round = 0; round < iterations; round++) {
    const start = warmup + round * perRound;
    const loaded = inputs.slice(start, start + requests);
    await time(loaded, concurrency, viaApi, rounds.api);
    await time(loaded, concurrency, viaSql, rounds.sql);
    const single = inputs.slice(start + requests, start + perRound);
    await time(single, 1, viaApi, rounds.aloneApi);
    await time(single, 1, viaSql, rounds.aloneSql);
  }
  await scenario.verify?.(drivers.sql);
  const api = medianFigures(rounds.api);
  const sql = medianFigures(rounds.sql);
  const aloneApi = alone > 0 ? medianFigures(rounds.aloneApi) : null;
  const aloneSql = alone > 0 ? medianFigures(rounds.aloneSql) : null;
  return {
    scenario,
    settings,
    api,
    sql,
    ratio: ratioOf(api, sql),
    alone: aloneApi && aloneSql ? { api: aloneApi, sql: aloneSql, ratio: ratioOf(aloneApi, aloneSql) } : null,
    apiRequests: inputs.length + Math.min(inputs.length, CHECKED),
  };
}
