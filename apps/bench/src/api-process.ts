import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port on the loopback interface that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  /** User and system CPU time used so far. */
  cpuMs: number;
  residentBytes: number;
  /** The peak resident memory (VmHWM), since the start or the last reset. */
  peakBytes: number;
}

/** A process's CPU time so far, or null if it has gone. */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime + stime
  } catch {
    return null;
  }
}

/** A process's CPU time and memory, from /proc/<pid>/stat and /proc/<pid>/status (Linux). */
export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { cpuMs: cpuMsOf(pid) ?? 0, residentBytes: kB('VmRSS'), peakBytes: kB('VmHWM') };
}

/** CPU time the whole machine has been busy, all cores together (from /proc/stat). */
function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks; // idle and iowait are not busy
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

/**
 * Starts watching how busy the machine is outside the measured processes: `ours()` lists them
 * (this process, the API, their PostgreSQL sessions). The answer is in cores: 0.5 means other
 * work kept half a core busy on average while the scenario ran. A session that closed meanwhile
 * counts as other work for what it did before closing (idle sessions close; they did little).
 */
export function watchOtherWork(ours: () => Promise<number[]>) {
  const started = performance.now();
  const busyAtStart = machineBusyMs();
  const oursAtStart = ours().then((pids) => new Map(pids.map((pid) => [pid, cpuMsOf(pid) ?? 0])));
  return async (): Promise<number> => {
    const busy = machineBusyMs() - busyAtStart;
    const before = await oursAtStart;
    let own = 0;
    for (const pid of await ours()) own += (cpuMsOf(pid) ?? 0) - (before.get(pid) ?? 0);
    return Math.max(0, busy - own) / (performance.now() - started);
  };
}

/**
 * Starts the peak again from the process's resident memory now (writing 5 to clear_refs), so the
 * next reading is the peak of what follows; false where the kernel does not allow it.
 */
export function resetPeakResident(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

/**
 * The API's heap limit as the Docker image sets it (NODE_OPTIONS in docker/Dockerfile), so that its
 * memory is measured as deployed: without a limit V8 lets garbage pile up towards the machine's
 * memory (a federation page run peaked at 320 MB resident unlimited, 173 MB limited, at the same latency).
 */
export const DEPLOYED_HEAP_LIMIT = '--max-old-space-size=256';

export interface ApiProcess {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the built API (`node dist/apps/api/src/main.js`) on `port` against `databaseUrl` and
 * waits until /health says its database is up.
 */
export async function startApiProcess(
  entry: string,
  port: number,
  env: { DATABASE_URL: string; AUTH_SECRET: string },
  startupMs = 60_000,
): Promise<ApiProcess> {
  // BENCH_API_NODE_ARGS passes options to the API's node, such as --cpu-prof --cpu-prof-dir=/tmp/profiles
  // (a profile is written when the API stops), which NODE_OPTIONS does not allow; a heap limit there wins.
  const nodeArgs = [DEPLOYED_HEAP_LIMIT, ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, entry], {
    // A benchmark measures what a request costs, not the per-user throttle: a scenario that asks as one
    // user (a partner's bundles) would otherwise be refused after 600 requests a minute.
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn', LOG_FORMAT: 'text', RATE_LIMIT_PER_MINUTE: '100000000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
    if (!killed) child.kill('SIGKILL');
    await exit;
  };
  const deadline = Date.now() + startupMs;
  while (!(await healthy(port))) {
    if (exited) throw new Error(`The API stopped before it was ready (${exited}); is it built (npm run build)?`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The API was not ready on port ${port} after ${startupMs / 1000} s`);
    }
    await sleep(200);
  }
  return { pid: child.pid!, port, stop };
}
