import { Global, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';

interface PoolCounts {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/** One registry for the process, HTTP timings on every route, and the database pool's use. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule implements NestModule, OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }

  onModuleInit(): void {
    this.metrics.gauge('database_pool_connections', 'Database connections by state (in use, idle, and callers waiting for one)', ['state'], () => {
      // pg's Pool (PostgreSQL) and PGlite's pool both keep these counts; the driver holds the pool as `master`.
      const pool = (this.dataSource.driver as unknown as { master?: PoolCounts }).master;
      if (typeof pool?.totalCount !== 'number') return [];
      const idle = pool.idleCount ?? 0;
      return [
        { labels: { state: 'in_use' }, value: pool.totalCount - idle },
        { labels: { state: 'idle' }, value: idle },
        { labels: { state: 'waiting' }, value: pool.waitingCount ?? 0 },
      ];
    });
  }
}
