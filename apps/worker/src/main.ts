import cluster from 'node:cluster';
import { ConfigError, parseConfig, workerProcessCount, type HeraldConfig } from '@herald/config';
import { createWorker } from './bootstrap';
import { checkRedisEvictionPolicy } from './common/redis-policy';

function log(level: number, msg: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, time: Date.now(), pid: process.pid, msg, ...extra }));
}

function loadConfig(): HeraldConfig {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** One worker process: the Nest application context with every processor. */
async function runWorker(config: HeraldConfig): Promise<void> {
  const app = await createWorker(config);
  await app.init();
  if (!cluster.isWorker) log(30, 'Herald worker ready');

  // Graceful shutdown: stop taking jobs, let the current ones finish (or be released), then exit.
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(30, 'Herald worker stopping', { signal });
    const timer = setTimeout(() => {
      log(40, 'shutdown timed out; exiting with jobs still active (they will be retried)');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    await app.close();
    clearTimeout(timer);
    log(30, 'Herald worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * Several processes use several cores: BullMQ spreads the jobs over them, the inbound SMTP port is
 * shared by node:cluster, and each reads the event stream as its own consumer.
 */
function runPrimary(count: number): void {
  let stopping = false;
  let ready = 0;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('message', (_worker, message: unknown) => {
    if (message === 'ready' && ++ready === count) log(30, 'Herald worker ready', { processes: count });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(50, 'worker process died; starting another', { pid: worker.process.pid, code, signal });
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary) {
    const policy = await checkRedisEvictionPolicy(config.REDIS_URL);
    if (!policy.ok) {
      console.error(policy.message);
      process.exit(78);
    }
  }
  const processes = workerProcessCount(config);
  if (processes > 1 && cluster.isPrimary) return runPrimary(processes);
  await runWorker(config);
  if (cluster.isWorker) process.send?.('ready');
}

void main();
