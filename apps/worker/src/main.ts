import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/config';
import { PartnerSync } from '@app/partners';
import { WorkerModule } from './worker.module';

const LEVELS = ['error', 'warn', 'log', 'debug'] as const;

/**
 * Drains the outbox to partner systems until stopped (SIGTERM/SIGINT finish the round in hand).
 * Start as many as the partners need: they share the work through leases in the database.
 */
async function bootstrap() {
  const config = loadConfig();
  const logger = new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  app.get(PartnerSync).start();
  const database = config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.PGLITE_DATA_DIR}`;
  logger.log(`Partner sync worker running on ${database}, polling every ${config.SYNC_POLL_MS} ms`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
