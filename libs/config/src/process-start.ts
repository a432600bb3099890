import { ConsoleLogger, Logger } from '@nestjs/common';
import { AppConfig, ConfigError } from './app-config';

const LEVELS = ['error', 'warn', 'log', 'debug'] as const;

/** The logger a process (the API, the worker) starts with: JSON lines or text, from LOG_LEVEL up. */
export function processLogger(config: AppConfig): ConsoleLogger {
  return new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
}

/** Where the data lives, for the start-up line. */
export function databaseDescription(config: AppConfig): string {
  return config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.PGLITE_DATA_DIR}`;
}

/** A process that could not start says why (a bad setting by its message alone) and exits. */
export function failedToStart(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
}
