export { DatabaseModule } from './database.module';
export { DatabaseHealth } from './database-health';
export { dataSourceOptions, openDatabase, runMigrations } from './data-source';
export type { DatabaseSettings } from './data-source';
export { isUniqueViolation } from './postgres-errors';
export { findOrRefuse, lockAtVersion, refusingDuplicate } from './rows';
export { VersionedRecord } from './versioned-record';
export { APPLICATION_NAME, REPLICA_APPLICATION_NAME } from './data-source';
export { ReplicaReads } from './replica-reads';
