import { ConfigError, parseConfig, type HeraldConfig } from '@herald/config';
import { createWorker } from './bootstrap';
import { checkRedisEvictionPolicy } from './common/redis-policy';

function log(level: number, msg: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, time: Date.now(), msg, ...extra }));
}

async function main(): Promise<void> {
  let config: HeraldConfig;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const policy = await checkRedisEvictionPolicy(config.REDIS_URL);
  if (!policy.ok) {
    console.error(policy.message);
    process.exit(78);
  }
  const app = await createWorker(config);
  await app.init();
  log(30, 'Herald worker ready', { pid: process.pid });

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

void main();
