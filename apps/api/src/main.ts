import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/config';
import { AppModule } from './app.module';
import { logRequests } from './request-log.middleware';

const LEVELS = ['error', 'warn', 'log', 'debug'] as const;

async function bootstrap() {
  const config = loadConfig();
  const logger = new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
  const app = await NestFactory.create(AppModule, { logger });
  app.use(logRequests);
  app.enableShutdownHooks();
  await app.listen(config.PORT);
  const database = config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.PGLITE_DATA_DIR}`;
  logger.log(`GraphQL at http://localhost:${config.PORT}/graphql on ${database}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
