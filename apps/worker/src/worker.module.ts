import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MetricsModule } from '@app/metrics';
import { PartnersModule } from '@app/partners';

/**
 * The background worker: the database, the partner sync loop, and `/metrics` and `/health` on
 * WORKER_PORT. AccessModule is here because the FHIR module (which builds what is pushed) depends
 * on its services.
 */
@Module({ imports: [ConfigModule, DatabaseModule, MetricsModule, AccessModule, PartnersModule] })
export class WorkerModule {}
