import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HeraldConfig } from '@herald/config';

const WORKER_MAIN = join(__dirname, '../../apps/worker/dist/main.js');
const API_MAIN = join(__dirname, '../../apps/api/dist/main.js');

/** Tests that run the built API and worker as real processes skip when `npm run build` has not run. */
export const builtProcessesPresent = existsSync(WORKER_MAIN) && existsSync(API_MAIN);

/** The environment a built Herald process needs to share a test's database, Redis prefix and SMTP sink. */
function heraldEnv(config: HeraldConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: config.DATABASE_URL,
    DATABASE_POOL_SIZE: String(config.DATABASE_POOL_SIZE),
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    JWT_SECRET: config.JWT_SECRET,
    TRACKING_SECRET: config.TRACKING_SECRET,
    SECRETS_KEY: config.SECRETS_KEY,
    SMTP_PORT: String(config.SMTP_PORT),
    INBOUND_SMTP_PORT: '0',
    API_PORT: String(config.API_PORT),
    PUBLIC_URL: config.PUBLIC_URL,
    SEND_RETRY_DELAY_MS: String(config.SEND_RETRY_DELAY_MS),
    SEND_MAX_ATTEMPTS: String(config.SEND_MAX_ATTEMPTS),
    SHUTDOWN_TIMEOUT_MS: String(config.SHUTDOWN_TIMEOUT_MS),
    // The test's DNS (a closed loopback port unless the spec serves its own): the machine's resolver
    // answered a reply-to lookup "no such domain" in one check and timed out in the next, so a warning
    // acknowledged at one check was new at the schedule's.
    ...(config.DNS_SERVERS ? { DNS_SERVERS: config.DNS_SERVERS } : {}),
    ...extra,
  };
}

export interface HeraldProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far (the last 20,000 characters). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts a built entry point and resolves once its output contains `ready`; rejects if it exits first. */
function startHeraldProcess(
  main: string,
  env: NodeJS.ProcessEnv,
  ready: string,
  timeoutMs = 60_000,
): Promise<HeraldProcess> {
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const running: HeraldProcess = {
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${main} not ready after ${timeoutMs} ms: ${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${main} exited with ${code}: ${output.slice(-2000)}`));
    });
  });
}

export function startWorkerProcess(config: HeraldConfig, extra: Record<string, string> = {}): Promise<HeraldProcess> {
  return startHeraldProcess(WORKER_MAIN, heraldEnv(config, extra), 'Herald worker ready');
}

export function startApiProcess(config: HeraldConfig, extra: Record<string, string> = {}): Promise<HeraldProcess> {
  return startHeraldProcess(API_MAIN, heraldEnv(config, extra), 'Herald API listening');
}
