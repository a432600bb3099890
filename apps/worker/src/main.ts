import { NestFactory } from '@nestjs/core';
import { databaseDescription, failedToStart, loadConfig, processLogger } from '@app/config';
import { PartnerSync } from '@app/partners';
import { WorkerModule } from './worker.module';

/**
 * Drains the outbox to partner systems until stopped (SIGTERM/SIGINT finish the round in hand).
 * Start as many as the partners need: they share the work through leases in the database.
 */
async function bootstrap() {
  const config = loadConfig();
  const logger = processLogger(config);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  app.get(PartnerSync).start();
  logger.log(`Partner sync worker running on ${databaseDescription(config)}, polling every ${config.SYNC_POLL_MS} ms`, 'Bootstrap');
}

bootstrap().catch(failedToStart);
