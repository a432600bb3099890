import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Read-only queries that may be answered by a read replica (DATABASE_REPLICA_URLS): population
 * lists, measures, caseloads. What they show may lag the primary by the replica's delay, so only a
 * query whose answer nobody writes on the strength of belongs here; the access check and audit of
 * what it returns stay on the primary. Without replicas (or on PGlite) this is the primary.
 */
@Injectable()
export class ReplicaReads {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether these reads go to the primary (no replicas are configured), where a read may also write its audit. */
  get onPrimary(): boolean {
    return !('replication' in this.dataSource.options && this.dataSource.options.replication);
  }

  async query<T = any>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.read((db) => db.query(sql, parameters));
  }

  /** Runs TypeORM reads (query builders, finds) on one replica connection. */
  async read<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
