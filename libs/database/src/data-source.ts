import { mkdirSync } from 'node:fs';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { migrations } from '../../../migrations';
import { pgliteDriver } from './pglite-driver';

export interface DatabaseSettings {
  /** A PostgreSQL server; without one, the embedded PGlite database is used. */
  databaseUrl?: string;
  /** The embedded database's folder (`memory://` for none). */
  pgliteDataDir: string;
  poolSize: number;
  /** Read replicas of databaseUrl, for the read-only queries that ask for one (ReplicaReads). */
  replicaUrls?: string[];
}

/** How the service's connections name themselves to the server (pg_stat_activity.application_name). */
export const APPLICATION_NAME = 'care-coordination';
export const REPLICA_APPLICATION_NAME = 'care-coordination-replica';

/** TypeORM options for either database. Schema changes come only from migrations. */
export function dataSourceOptions(settings: DatabaseSettings, entities: DataSourceOptions['entities'] = []) {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    installExtensions: false, // the migrations create what they need; ids come from gen_random_uuid()
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  if (settings.databaseUrl && settings.replicaUrls?.length) {
    // Everything stays on the primary unless it asks for a replica: TypeORM would otherwise send
    // every find() to a replica, including the reads a change is decided on.
    return {
      ...common,
      poolSize: settings.poolSize,
      replication: {
        master: { url: settings.databaseUrl, applicationName: APPLICATION_NAME },
        slaves: settings.replicaUrls.map((url) => ({ url, applicationName: REPLICA_APPLICATION_NAME })),
        defaultMode: 'master' as const,
      },
    };
  }
  if (settings.databaseUrl) {
    return { ...common, url: settings.databaseUrl, poolSize: settings.poolSize, applicationName: APPLICATION_NAME };
  }
  if (!settings.pgliteDataDir.startsWith('memory://')) mkdirSync(settings.pgliteDataDir, { recursive: true });
  return { ...common, driver: pgliteDriver(settings.pgliteDataDir) };
}

// Any fixed number will do: it only has to be the same in every process of this service.
const MIGRATION_LOCK = 7_301_946;

/**
 * Brings the schema up to date. On a shared server several processes may start at once, so they
 * take turns under an advisory lock; the embedded database has only this process.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const embedded = Boolean((dataSource.options as { driver?: unknown }).driver);
  if (embedded) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lockHolder.release();
  }
}

/** An initialised, migrated data source, for scripts (seed, bench) that run outside Nest. */
export async function openDatabase(settings: DatabaseSettings, entities: DataSourceOptions['entities'] = []) {
  const dataSource = new DataSource(dataSourceOptions(settings, entities) as DataSourceOptions);
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}
