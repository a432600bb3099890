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
 * rounds of `requests` requests through the API and the same through bare SQL, alternating so that
 * anything else on the machine disturbs both alike.
 */
export async function runScenario<Input>(scenario: Scenario<Input>, drivers: Drivers, given: RunSettings): Promise<ScenarioResult> {
  const settings = { ...given, concurrency: scenario.concurrency ?? given.concurrency };
  const { iterations, requests, concurrency, warmup } = settings;
  const prng = createPrng(settings.seed, scenario.id);
  const inputs = await scenario.inputs(drivers.sql, warmup + iterations * requests, prng);
  await checkSameAnswers(scenario, drivers, inputs.slice(0, CHECKED));
  const viaApi = (input: Input) => scenario.api(drivers.api, input);
  const viaSql = (input: Input) => scenario.sql(drivers.sql, input);
  if (warmup > 0) {
    await timeEach(inputs.slice(0, warmup), concurrency, viaApi);
    await timeEach(inputs.slice(0, warmup), concurrency, viaSql);
  }
  const apiRounds: Figures[] = [];
  const sqlRounds: Figures[] = [];
  for (let round = 0; round < iterations; round++) {
    const slice = inputs.slice(warmup + round * requests, warmup + (round + 1) * requests);
    const api = await timeEach(slice, concurrency, viaApi);
    apiRounds.push(figuresOf(api.latenciesMs, api.wallMs));
    const sql = await timeEach(slice, concurrency, viaSql);
    sqlRounds.push(figuresOf(sql.latenciesMs, sql.wallMs));
  }
  await scenario.verify?.(drivers.sql);
  const api = medianFigures(apiRounds);
  const sql = medianFigures(sqlRounds);
  return { scenario, settings, api, sql, ratio: ratioOf(api, sql), apiRequests: inputs.length + Math.min(inputs.length, CHECKED) };
}
