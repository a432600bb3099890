import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** Environment for loadConfig: DATABASE_URL of a new empty database, or an in-memory PGlite. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file. With DATABASE_URL set, a new database on that server
 * (dropped afterwards); without it, an in-memory PGlite. Either way, empty until migrated.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { env: { PGLITE_DATA_DIR: 'memory://' }, drop: async () => undefined };

  const name = `cc_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
