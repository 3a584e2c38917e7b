import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { parseConfig, type HeraldConfig } from '@herald/config';

/** A configuration of a test's own: its database, its Redis key prefix, ports chosen by the OS. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): HeraldConfig {
  return parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `herald-test-${randomBytes(6).toString('hex')}`,
    API_PORT: '0',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TRACKING_SECRET: randomBytes(32).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'),
    SMTP_PORT: '0',
    INBOUND_SMTP_PORT: '0',
    // No lookup of a test leaves loopback: a closed port refuses at once, so the sender checks answer
    // "could not be checked" without waiting; specs about DNS point it at their own server.
    DNS_SERVERS: '127.0.0.1:9',
    ...overrides,
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A test configuration whose API port is chosen up front, so tracking links point at the running API. */
export async function testConfigWithPublicUrl(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): Promise<HeraldConfig> {
  const port = await freePort();
  return testConfig(databaseUrl, { API_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...overrides });
}
