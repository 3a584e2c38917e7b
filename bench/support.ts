// Shared pieces of the benchmarks: child processes of the real apps, free ports, peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';

const ROOT = join(__dirname, '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export function requireBuild(...paths: string[]): void {
  for (const path of paths) {
    if (!existsSync(join(ROOT, path))) throw new Error(`${path} is missing: run \`npm run build\` first`);
  }
}

export interface Child {
  process: ChildProcess;
  /** Peak resident memory so far (VmHWM), in MiB, summed over the process and its children (a cluster's workers). */
  peakRssMiB(): number;
  /** CPU time used so far (user + system), in seconds, of the process and its live children. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export function startChild(
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  args: string[] = [],
): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.HERALD_BENCH_PROFILE && script.includes(process.env.HERALD_BENCH_PROFILE)
        ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']
        : []),
      isAbsolute(script) ? script : join(ROOT, script),
      ...args,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      // Only the last few KiB: a child that logs under load must not cost this process (the load
      // generator's) a copy and a regex over everything it printed, per chunk.
      output = (output + chunk.toString()).slice(-8192);
      if (readyPattern.test(output)) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        // Keep draining, so a child that logs never blocks on a full pipe; show it when asked.
        const drain = (data: Buffer): void => {
          if (process.env.HERALD_BENCH_VERBOSE) process.stderr.write(`[${script}] ${data.toString()}`);
        };
        child.stdout!.on('data', drain);
        child.stderr!.on('data', drain);
        resolve({
          process: child,
          peakRssMiB: () => {
            const kb = withChildren(child.pid!).reduce(
              (sum, pid) => sum + Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0),
              0,
            );
            return Math.round(kb / 1024);
          },
          cpuSeconds: () => withChildren(child.pid!).reduce((sum, pid) => sum + cpuSecondsOf(pid), 0),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before it was ready:\n${output.slice(-2000)}`)),
    );
  });
}

export function secrets(): { JWT_SECRET: string; TRACKING_SECRET: string; SECRETS_KEY: string; REDIS_PREFIX: string } {
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    TRACKING_SECRET: randomBytes(32).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'),
    REDIS_PREFIX: `herald-bench-${randomBytes(4).toString('hex')}`,
  };
}

export function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : '–';
}

/** A process and its children (one level: a cluster primary's workers). */
function withChildren(pid: number): number[] {
  const children = readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
    } catch {
      return false; // gone between the listing and the read
    }
  });
  return [pid, ...children.map(Number)];
}

/** User + system CPU seconds of a process (or of this one), from /proc: comparable across runs on a busy machine. */
export function cpuSecondsOf(pid: number | 'self'): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy CPU seconds of the whole machine (all processes, all cores), from /proc/stat. */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** The bench user that `report` and `pivot` create in their generated account. */
export const BENCH_LOGIN = { email: 'bench@herald.example', password: 'bench-password-1' } as const;

/** The built API as a child process on `databaseUrl`, its base URL and a token of BENCH_LOGIN. */
export async function startBenchApi(databaseUrl: string): Promise<{ api: Child; base: string; token: string }> {
  const apiPort = await freePort();
  const api = await startChild(
    'apps/api/dist/main.js',
    {
      ...secrets(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      API_PORT: String(apiPort),
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    },
    /Herald API listening/,
  );
  const base = `http://127.0.0.1:${apiPort}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_LOGIN),
  });
  const { token } = (await login.json()) as { token: string };
  return { api, base, token };
}
