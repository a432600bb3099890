import { Global, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DatabaseHealth } from '@app/database';
import { cachedReading } from './cached-reading';
import { readDatabaseFigures } from './database-figures';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { Readiness } from './readiness';

interface PoolCounts {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/**
 * One registry for the process, `/metrics` and `/health` on its HTTP port, HTTP and FHIR timings on
 * every route, the database pool's use, and the work waiting in the database (outbox, partners'
 * queues, referral queues, audit trail), read at most once every METRICS_CACHE_SECONDS whoever asks.
 * Every process (API or worker) reports the database's figures alike: aggregate them with max().
 */
@Global()
@Module({ providers: [Metrics, Readiness], exports: [Metrics, Readiness], controllers: [HealthController, MetricsController] })
export class MetricsModule implements NestModule, OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
    private readonly dataSource: DataSource,
    private readonly database: DatabaseHealth,
    private readonly config: AppConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }

  onModuleInit(): void {
    this.readiness.add('database', async () => ((await this.database.isReady()) ? 'up' : 'down'));
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
    this.databaseFigures();
  }

  private databaseFigures(): void {
    const figures = cachedReading(this.config.METRICS_CACHE_SECONDS * 1000, () => readDatabaseFigures(this.dataSource));
    const { metrics } = this;
    metrics.gauge('outbox_changes_waiting', 'Changes written to the outbox and not yet fanned out to partners', [], async () => [
      { value: (await figures()).outbox.waiting },
    ]);
    metrics.gauge('outbox_oldest_change_age_seconds', 'Age of the oldest change not yet fanned out (0 when none)', [], async () => [
      { value: (await figures()).outbox.oldestAgeSeconds },
    ]);
    metrics.gauge('partner_messages_undelivered', "Messages in each partner's queue not yet delivered (parked ones included)", ['partner'], async () =>
      (await figures()).partners.map((p) => ({ labels: { partner: p.partner }, value: p.undelivered })),
    );
    metrics.gauge('partner_oldest_undelivered_age_seconds', "Age of the change behind each partner's oldest undelivered message (0 when none)", ['partner'], async () =>
      (await figures()).partners.map((p) => ({ labels: { partner: p.partner }, value: p.oldestAgeSeconds })),
    );
    metrics.gauge('partner_messages_parked', 'Messages parked for an operator after failing, per partner', ['partner'], async () =>
      (await figures()).partners.map((p) => ({ labels: { partner: p.partner }, value: p.parked })),
    );
    metrics.gauge('referrals_waiting', "Open referrals in each team's queue (triaged or claimed, not yet accepted)", ['team_id', 'team'], async () =>
      (await figures()).referralQueues.map((q) => ({ labels: { team_id: q.teamId, team: q.team }, value: q.waiting })),
    );
    metrics.gauge('referral_breaches', 'Open referrals past their due time and not yet accepted, per team', ['team_id', 'team'], async () =>
      (await figures()).referralQueues.map((q) => ({ labels: { team_id: q.teamId, team: q.team }, value: q.breaching })),
    );
    metrics.counterReading('audit_events_written_total', 'Rows written to the audit trail by every process (one per person read or changed, refusals included)', async () =>
      (await figures()).auditEventsWritten,
    );
  }
}
