import { readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

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

  /**
   * Read replicas of DATABASE_URL, comma-separated postgres:// URLs. Read-only population queries
   * (lists, measures, caseloads) may be sent to them; writes, reads that lead to a write, and the
   * access check and audit always use DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^,\s]+(\s*,\s*postgres(ql)?:\/\/[^,\s]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be postgres:// URLs separated by commas',
  })
  DATABASE_REPLICA_URLS?: string;

  /** Connections the service keeps open to a PostgreSQL server. */
  @Transform(toNumber)
  @Min(1)
  @Max(200)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  DATABASE_POOL_SIZE = 20;

  /** The worker's HTTP port, for its /metrics and /health (the API's is PORT). */
  @Transform(toNumber)
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'WORKER_PORT must be a whole number' })
  WORKER_PORT = 3001;

  /**
   * Seconds a scrape's figures read from the database (outbox depth, parked messages, breaches) are
   * reused, so that however often Prometheus (or anyone) asks, the database is asked at most this often.
   */
  @Transform(toNumber)
  @Min(0)
  @Max(300)
  @IsInt({ message: 'METRICS_CACHE_SECONDS must be a whole number' })
  METRICS_CACHE_SECONDS = 5;

  /**
   * On SIGTERM, how long work in hand may take to finish (a worker's pushes to partners) before it
   * is abandoned and handed back: a worker releases the messages it still holds, for another to send.
   */
  @Transform(toNumber)
  @Min(0)
  @IsInt({ message: 'SHUTDOWN_GRACE_MS must be a whole number' })
  SHUTDOWN_GRACE_MS = 10_000;

  /** Expected `iss` of bearer tokens. */
  @IsString()
  AUTH_ISSUER = 'care-coordination-local';

  /** Expected `aud` of bearer tokens. */
  @IsString()
  AUTH_AUDIENCE = 'care-coordination';

  /** Where the identity provider publishes its signing keys (JWKS); tokens are then RS/ES-signed. */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /**
   * A shared secret for HS256 tokens, for local use. With neither this nor AUTH_JWKS_URL, a
   * development service makes one in LOCAL_AUTH_SECRET_PATH (never in production).
   */
  @IsOptional()
  @MinLength(32, { message: 'AUTH_SECRET must be at least 32 characters' })
  AUTH_SECRET?: string;

  @IsString()
  LOCAL_AUTH_SECRET_PATH = './data/local-auth-secret';

  /** Requests a user may make a minute, per process. */
  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be a whole number' })
  RATE_LIMIT_PER_MINUTE = 600;

  /** How long a break-glass access lasts. */
  @Transform(toNumber)
  @Min(1)
  @Max(24 * 60)
  @IsInt({ message: 'BREAK_GLASS_MINUTES must be a whole number' })
  BREAK_GLASS_MINUTES = 60;

  /** Days between reviews of a care plan, unless the plan says otherwise. */
  @Transform(toNumber)
  @Min(1)
  @Max(3650)
  @IsInt({ message: 'PLAN_REVIEW_INTERVAL_DAYS must be a whole number' })
  PLAN_REVIEW_INTERVAL_DAYS = 90;

  /** Deepest GraphQL selection accepted. */
  @Transform(toNumber)
  @Min(2)
  @IsInt({ message: 'GRAPHQL_MAX_DEPTH must be a whole number' })
  GRAPHQL_MAX_DEPTH = 8;

  /** Most fields a GraphQL operation may ask for, counting each list field as its page size. */
  @Transform(toNumber)
  @Min(10)
  @IsInt({ message: 'GRAPHQL_MAX_COST must be a whole number' })
  GRAPHQL_MAX_COST = 20_000;

  /** A folder of partner secrets, one file per secret named as the partner's secretName says. */
  @IsOptional()
  @IsString()
  PARTNER_SECRETS_DIR?: string;

  /** How long an idle sync worker waits before looking at the outbox again. */
  @Transform(toNumber)
  @Min(10)
  @IsInt({ message: 'SYNC_POLL_MS must be a whole number' })
  SYNC_POLL_MS = 200;

  /** Messages one sync worker claims and sends at once. */
  @Transform(toNumber)
  @Min(1)
  @Max(1000)
  @IsInt({ message: 'SYNC_BATCH_SIZE must be a whole number' })
  SYNC_BATCH_SIZE = 50;

  /** Outbox changes fanned out to partners' queues in one statement. */
  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'SYNC_FANOUT_BATCH_SIZE must be a whole number' })
  SYNC_FANOUT_BATCH_SIZE = 5000;

  /** How long a worker's claim lasts; a crashed worker's claims are taken over after it. */
  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'SYNC_LEASE_SECONDS must be a whole number' })
  SYNC_LEASE_SECONDS = 60;

  /** Attempts before a message that keeps failing is parked for an operator. */
  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'SYNC_MAX_ATTEMPTS must be a whole number' })
  SYNC_MAX_ATTEMPTS = 12;

  /** First retry delay; each later one doubles (with jitter) up to SYNC_RETRY_MAX_MS. */
  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'SYNC_RETRY_BASE_MS must be a whole number' })
  SYNC_RETRY_BASE_MS = 1000;

  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'SYNC_RETRY_MAX_MS must be a whole number' })
  SYNC_RETRY_MAX_MS = 600_000;

  /** How long a push to a partner may take before it counts as failed. */
  @Transform(toNumber)
  @Min(100)
  @IsInt({ message: 'SYNC_REQUEST_TIMEOUT_MS must be a whole number' })
  SYNC_REQUEST_TIMEOUT_MS = 10_000;

  /** Delivered messages are kept this many days (for delivery status and audit of what was sent), then pruned. */
  @Transform(toNumber)
  @Min(0)
  @IsInt({ message: 'SYNC_PRUNE_AFTER_DAYS must be a whole number' })
  SYNC_PRUNE_AFTER_DAYS = 7;

  /** At most this many delivered messages are pruned at a time, so that pruning never holds a long lock. */
  @Transform(toNumber)
  @Min(1)
  @IsInt({ message: 'SYNC_PRUNE_BATCH_SIZE must be a whole number' })
  SYNC_PRUNE_BATCH_SIZE = 10_000;

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
  const known = Object.keys(new AppConfig()).concat('DATABASE_URL', 'DATABASE_REPLICA_URLS', 'AUTH_JWKS_URL', 'AUTH_SECRET', 'PARTNER_SECRETS_DIR');
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
  if (config.NODE_ENV === 'production' && !config.AUTH_SECRET && !config.AUTH_JWKS_URL) {
    throw new ConfigError('Invalid configuration:\n  - production needs AUTH_JWKS_URL (or AUTH_SECRET) to verify bearer tokens');
  }
  return config;
}

/** The replicas DATABASE_REPLICA_URLS names, in order. */
export function replicaUrls(config: Pick<AppConfig, 'DATABASE_REPLICA_URLS'>): string[] {
  return (config.DATABASE_REPLICA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
}
