import { readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value);

/**
 * Everything the service reads from its environment, checked once at start so that a bad value
 * stops it with a message naming the variable instead of failing later on first use.
 */
export class AppConfig {
  /** A PostgreSQL server (postgres://user@host:port/db). Without it the embedded PGlite database is used. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded database keeps its files; `memory://` keeps it in memory only. */
  @IsString()
  PGLITE_DATA_DIR = './data';

  @Transform(toNumber)
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'PORT must be a whole number' }) // nearest the property, so checked first
  PORT = 3000;

  /** Connections the service keeps open to a PostgreSQL server. */
  @Transform(toNumber)
  @Min(1)
  @Max(200)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  DATABASE_POOL_SIZE = 20;

  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT: 'json' | 'text' = 'json';

  @IsIn(['debug', 'log', 'warn', 'error'], { message: 'LOG_LEVEL must be debug, log, warn or error' })
  LOG_LEVEL: 'debug' | 'log' | 'warn' | 'error' = 'log';
}

export class ConfigError extends Error {}

/** `NAME_FILE` names a file holding NAME's value (how container secrets arrive). */
function withFileValues(env: Record<string, string | undefined>, known: string[]): Record<string, string | undefined> {
  const resolved = { ...env };
  for (const name of known) {
    const key = `${name}_FILE`;
    const path = env[key];
    if (path && !env[name]) {
      try {
        resolved[name] = readFileSync(path, 'utf8').trim();
      } catch {
        throw new ConfigError(`Invalid configuration:\n  - ${key} names ${path}, which cannot be read`);
      }
    }
  }
  return resolved;
}

export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat('DATABASE_URL');
  const env = withFileValues(rawEnv, known);
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value.trim() !== ''),
  );
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { stopAtFirstError: true });
  if (errors.length > 0) {
    const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
