import { NestFactory } from '@nestjs/core';
import { databaseDescription, failedToStart, loadConfig, processLogger } from '@app/config';
import { AppModule } from './app.module';
import { logRequests } from './request-log.middleware';

async function bootstrap() {
  const config = loadConfig();
  const logger = processLogger(config);
  const app = await NestFactory.create(AppModule, { logger });
  app.use(logRequests);
  app.enableShutdownHooks();
  await app.listen(config.PORT);
  logger.log(`GraphQL at http://localhost:${config.PORT}/graphql on ${databaseDescription(config)}`, 'Bootstrap');
}

bootstrap().catch(failedToStart);
