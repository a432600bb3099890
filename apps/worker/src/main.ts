import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { databaseDescription, failedToStart, loadConfig, processLogger } from '@app/config';
import { Readiness } from '@app/metrics';
import { PartnerSync } from '@app/partners';
import { WorkerModule } from './worker.module';

/**
 * Drains the outbox to partner systems until stopped. Start as many as the partners need: they
 * share the work through leases in the database. On SIGTERM/SIGINT it claims nothing more, lets the
 * pushes in hand finish (SHUTDOWN_GRACE_MS), releases what it still holds for another worker, and exits.
 */
async function bootstrap() {
  const config = loadConfig();
  const logger = processLogger(config);
  const app = await NestFactory.create(WorkerModule, { logger });
  app.enableShutdownHooks();
  // The FHIR module comes with the sync (it builds what is pushed), but the worker serves only its probes.
  app.use((req: Request, res: Response, next: NextFunction) => (/^\/(metrics|health)(\/|$)/.test(req.path) ? next() : res.status(404).end()));
  const sync = app.get(PartnerSync);
  app.get(Readiness).add('sync', () => sync.state);
  await app.listen(config.WORKER_PORT);
  sync.start();
  logger.log(
    `Partner sync worker running on ${databaseDescription(config)}, polling every ${config.SYNC_POLL_MS} ms; ` +
      `metrics and health at http://localhost:${config.WORKER_PORT}/metrics`,
    'Bootstrap',
  );
}

bootstrap().catch(failedToStart);
