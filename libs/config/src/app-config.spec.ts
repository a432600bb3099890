import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, replicaUrls } from './app-config';

describe('configuration from the environment', () => {
  it('runs on the embedded database in ./data on port 3000 when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({ DATABASE_URL: undefined, PGLITE_DATA_DIR: './data', PORT: 3000 });
  });

  it('reads a PostgreSQL server and a port, ignoring blank values', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://care@db:5432/care', PORT: '8080', PGLITE_DATA_DIR: ' ' });
    expect(config).toMatchObject({ DATABASE_URL: 'postgres://care@db:5432/care', PORT: 8080, PGLITE_DATA_DIR: './data' });
  });

  it('reads a secret from the file that NAME_FILE names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'config-')), 'database_url');
    writeFileSync(file, 'postgres://care:s3cret@db/care\n');
    expect(loadConfig({ DATABASE_URL_FILE: file }).DATABASE_URL).toBe('postgres://care:s3cret@db/care');
    expect(() => loadConfig({ DATABASE_URL_FILE: '/nowhere/at/all' })).toThrow(/DATABASE_URL_FILE names \/nowhere\/at\/all/);
  });

  it('stops with a message naming each bad variable', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_FORMAT: 'xml' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL must be a postgres:\/\/[\s\S]*PORT must be a whole number[\s\S]*LOG_FORMAT must be json or text/);
  });

  it('reads read replicas as a comma-separated list of postgres URLs, and refuses anything else', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://care@db/care', DATABASE_REPLICA_URLS: 'postgres://care@r1/care, postgresql://care@r2/care' });
    expect(replicaUrls(config)).toEqual(['postgres://care@r1/care', 'postgresql://care@r2/care']);
    expect(replicaUrls(loadConfig({}))).toEqual([]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1/care,mysql://r2' })).toThrow(/DATABASE_REPLICA_URLS must be postgres:\/\/ URLs/);
  });

  it('gives the worker a port of its own and a shutdown grace, both overridable', () => {
    expect(loadConfig({})).toMatchObject({ WORKER_PORT: 3001, SHUTDOWN_GRACE_MS: 10_000, METRICS_CACHE_SECONDS: 5 });
    expect(loadConfig({ WORKER_PORT: '9464', SHUTDOWN_GRACE_MS: '500' })).toMatchObject({ WORKER_PORT: 9464, SHUTDOWN_GRACE_MS: 500 });
  });
});
