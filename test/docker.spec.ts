import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEPLOYED_HEAP_LIMIT } from '../apps/bench/src/api-process';

/**
 * There is no Docker engine here, so the container set-up is checked as far as files allow: the
 * compose file parses and names files that exist, the Dockerfile copies what the repository has and
 * runs what package.json and the build provide, and Prometheus scrapes the ports the services use.
 */
const ROOT = resolve('.');
const DOCKER = resolve(ROOT, 'docker');
const read = (path: string) => readFileSync(path, 'utf8');
// js-yaml comes with jest's coverage tooling; it has no types of its own here.
const yaml = async () => ((await import('js-yaml' as string)) as { default: { load(text: string): any } }).default;

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  secrets?: string[];
  healthcheck?: unknown;
}

describe('docker/', () => {
  let compose: { services: Record<string, Service>; secrets: Record<string, { file: string }> };
  let prometheus: { scrape_configs: { job_name: string; metrics_path: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] }[] };
  const dockerfile = read(resolve(DOCKER, 'Dockerfile'));
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => /^[A-Z]+\s/.test(l));

  beforeAll(async () => {
    const { load } = await yaml();
    compose = load(read(resolve(DOCKER, 'compose.yaml')));
    prometheus = load(read(resolve(DOCKER, 'prometheus.yml')));
  });

  it('compose runs PostgreSQL, the API, a worker and Prometheus, from files that exist', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'prometheus', 'worker']);
    const { build } = compose.services.api;
    expect(existsSync(resolve(DOCKER, build!.context, build!.dockerfile))).toBe(true);
    expect(compose.services.worker.image).toBe(compose.services.api.image); // one image, built once
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect(existsSync(resolve(DOCKER, source))).toBe(true);
      }
      for (const secret of service.secrets ?? []) expect(compose.secrets[secret]).toBeDefined();
    }
    // Secrets live in docker/secrets/, which git ignores.
    for (const { file } of Object.values(compose.secrets)) expect(file).toMatch(/^\.\/secrets\//);
    expect(read(resolve(ROOT, '.gitignore'))).toMatch(/^docker\/secrets\/$/m);
  });

  it('the API and the worker get what production needs: the database, a token key, their ports', () => {
    for (const name of ['api', 'worker']) {
      const env = compose.services[name].environment!;
      expect(env).toMatchObject({ DATABASE_URL_FILE: '/run/secrets/database_url', AUTH_SECRET_FILE: '/run/secrets/auth_secret' });
    }
    expect(compose.services.api.environment).toMatchObject({ PORT: '3000', HEALTH_PORT: '3000' });
    expect(compose.services.api.ports).toEqual(['3000:3000']);
    expect(compose.services.worker.environment).toMatchObject({ WORKER_PORT: '3001', HEALTH_PORT: '3001' });
  });

  it('the Dockerfile copies only what the repository has, and runs what the build makes', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(existsSync(resolve(ROOT, source))).toBe(true);
    }
    const scripts = JSON.parse(read(resolve(ROOT, 'package.json'))).scripts as Record<string, string>;
    for (const run of dockerfile.matchAll(/npm run (\w[\w:-]*)/g)) expect(scripts[run[1]]).toBeDefined();
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    // The entry points it starts are the apps' mains, as the build lays them out in dist/.
    const cmd = JSON.parse(instructions.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
    const entries = [cmd, compose.services.worker.command!].map((c) => c[1]);
    expect(entries).toEqual(['dist/apps/api/src/main', 'dist/apps/worker/src/main']);
    for (const entry of entries) expect(existsSync(resolve(ROOT, entry.replace(/^dist\//, '') + '.ts'))).toBe(true);
    expect(scripts['start:prod']).toBe(`node ${cmd[1]}`);
  });

  it('the bench starts the API with the heap limit the image gives it', () => {
    const env = instructions.find((l) => l.startsWith('ENV ') && l.includes('NODE_OPTIONS='))!;
    expect(/NODE_OPTIONS=(\S+)/.exec(env)![1]).toBe(DEPLOYED_HEAP_LIMIT);
  });

  it('the image runs as a non-root user with a health check on the process own port', () => {
    const users = instructions.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
    expect(instructions.some((l) => l.startsWith('HEALTHCHECK ') && l.includes('HEALTH_PORT') && l.includes('/health'))).toBe(true);
  });

  it('Prometheus scrapes /metrics on the ports the API and the worker listen on', () => {
    const jobs = Object.fromEntries(prometheus.scrape_configs.map((j) => [j.job_name, j]));
    expect(jobs['care-coordination-api'].metrics_path).toBe('/metrics');
    expect(jobs['care-coordination-api'].static_configs![0].targets).toEqual([`api:${compose.services.api.environment!.PORT}`]);
    const worker = jobs['care-coordination-worker'].dns_sd_configs![0];
    expect(worker.names).toEqual(['worker']);
    expect(String(worker.port)).toBe(compose.services.worker.environment!.WORKER_PORT);
  });
});
