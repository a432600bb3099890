import type { Prng } from '@app/population';

export interface GraphQLResponse<T = any> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Who asks. Every request carries a token: a GP at a practice (ODS code) sees the people registered
 * there, so most scenarios ask as the person's or list's practice; a professional in the directory
 * (their id, the ODS code of the organisation they work for and their roles, CARE_COORDINATOR
 * unless said) sees the people they lead or whose care team they are in; a population analyst at a
 * PCN (analystAt) sees lists of the people registered under it.
 */
export interface Asker {
  practiceOds?: string;
  /** A population analyst at this organisation (a PCN or federation): population queries over it. */
  analystAt?: string;
  professionalId?: string;
  org?: string;
  roles?: string[];
}

/** The signed-in user a token carries for an asker. */
export interface AskingUser {
  sub: string;
  org?: string;
  roles: string[];
  professionalId?: string;
}

export function userOf(as: Asker): AskingUser {
  if (as.professionalId) {
    return { sub: `bench-${as.professionalId}`, org: as.org, roles: as.roles ?? ['CARE_COORDINATOR'], professionalId: as.professionalId };
  }
  if (as.analystAt) return { sub: `bench-analyst-${as.analystAt}`, org: as.analystAt, roles: ['POPULATION_ANALYST'] };
  if (!as.practiceOds) throw new Error('An asker is a GP at a practice (practiceOds), an analyst (analystAt) or a professional (professionalId)');
  return { sub: `bench-gp-${as.practiceOds}`, org: as.practiceOds, roles: ['GP'] };
}

/** A FHIR REST answer: the HTTP status and the resource (a Bundle, an OperationOutcome...). */
export interface FhirResponse<T = any> {
  status: number;
  body: T;
}

/** The API as a client sees it: over HTTP to the real process, or in-process in the smoke test. */
export interface ApiDriver {
  graphql<T = any>(query: string, variables: Record<string, unknown>, as: Asker): Promise<GraphQLResponse<T>>;
  /** A FHIR REST call under /fhir (path such as `/Patient?identifier=...`, or `` for bundles). */
  fhir<T = any>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, as: Asker): Promise<FhirResponse<T>>;
}

/** Bare SQL on the same database: a pg Pool in the benchmark, the test app's DataSource in the smoke test. */
export interface SqlDriver {
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T[]>;
}

export interface Drivers {
  api: ApiDriver;
  sql: SqlDriver;
}

/** What an issue asks of a scenario's latency through the API. */
export interface LatencyTarget {
  /** The issue that sets it. */
  issue: number;
  /** The API's 95th percentile, in milliseconds. */
  p95Ms: number;
  /** At most this multiple of the bare SQL's 95th percentile. */
  timesSql?: number;
}

/**
 * One thing people do with the service, done two ways: through the API, and as the bare SQL that
 * answers the same question, so that the ratio of the two is the service's own overhead.
 */
export interface Scenario<Input = any> {
  /** The name --scenario takes and the section of docs/BENCHMARKS.md. */
  id: string;
  title: string;
  /** What the scenario does and why it matters, for the benchmark record. */
  description: string;
  /** The bare SQL, as the record shows it. */
  sqlText: string;
  /** The latency the issue asks for, if it sets one; the record says whether it was met. */
  target?: LatencyTarget;
  /** Which API it goes through (GraphQL unless said). */
  via?: 'GraphQL' | 'FHIR';
  /** Inputs for `count` operations, drawn from the population. */
  inputs(sql: SqlDriver, count: number, prng: Prng): Promise<Input[]>;
  /** The operation through the API; it answers what it found (NHS numbers in order), to compare with SQL. */
  api(api: ApiDriver, input: Input): Promise<string[]>;
  sql(sql: SqlDriver, input: Input): Promise<string[]>;
  /** Requests in flight at once for this scenario, whatever --concurrency says (claims are measured under 32 claimers). */
  concurrency?: number;
  /** Checks the database after the scenario ran (no referral claimed twice, say); throws to fail the run. */
  verify?(sql: SqlDriver): Promise<void>;
}

/** The data of a GraphQL answer, or an error naming the scenario and what the API said. */
export function dataOf<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.errors?.length || !response.data) {
    const error = response.errors?.[0];
    throw new Error(`${what}: the API answered ${error ? `${error.extensions?.code ?? 'an error'}: ${error.message}` : 'no data'}`);
  }
  return response.data;
}

/**
 * People drawn at random from the population, `count` of them (with repeats when it is small):
 * a repeatable table sample, so the same seed draws the same people from the same database.
 */
export async function samplePeople<Row>(sql: SqlDriver, columns: string, count: number, prng: Prng): Promise<Row[]> {
  const [{ total }] = await sql.query<{ total: number }>('SELECT count(*)::int AS total FROM person');
  if (total === 0) throw new Error('The database holds no people: run npm run seed first');
  const wanted = Math.min(count, 20_000);
  const percent = Math.min(100, (100 * wanted * 1.5) / total);
  const rows = await sql.query<Row>(
    `SELECT ${columns} FROM person TABLESAMPLE BERNOULLI ($1) REPEATABLE ($2) ORDER BY id`,
    [percent, prng.bits() % 1_000_000],
  );
  if (rows.length === 0) throw new Error('The sample of people came back empty');
  return Array.from({ length: count }, () => prng.pick(rows));
}
