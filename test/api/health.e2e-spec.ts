import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startApi } from '../support/api';
import { testConfig } from '../support/config';
import { startStallingRedisProxy } from '../support/redis-proxy';

type Health = {
  status: string;
  services: { postgres: { up: boolean; error?: string }; redis: { up: boolean; error?: string } };
};

/** A port where nothing answers: bound, then closed. */
async function deadPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('GET /health names the service that is down', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('answers 503 naming Redis when Redis does not answer', async () => {
    const api = await startApi(testConfig(db.url, { REDIS_URL: `redis://127.0.0.1:${await deadPort()}` }));
    try {
      const res = await api.request<Health>('GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body.services.redis.up).toBe(false);
      expect(res.body.services.postgres.up).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('answers 503 naming PostgreSQL when PostgreSQL does not answer', async () => {
    const api = await startApi(testConfig(`postgresql://postgres@127.0.0.1:${await deadPort()}/nothing`));
    try {
      const res = await api.request<Health>('GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body.services.postgres.up).toBe(false);
      expect(res.body.services.redis.up).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('closes without unhandled errors while its queues are still connecting to Redis', async () => {
    const redis = new URL(testConfig(db.url).REDIS_URL);
    const proxy = await startStallingRedisProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const api = await startApi(testConfig(db.url, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` }));
      // Every queue's connection has BullMQ's version check in flight: the moment a loaded machine closes in.
      for (const until = Date.now() + 15_000; proxy.stalled() < 4;) {
        if (Date.now() > until)
          throw new Error(`only ${proxy.stalled()} queue connections reached their version check`);
        await new Promise((r) => setTimeout(r, 10));
      }
      const closing = api.close();
      setTimeout(() => proxy.release(), 100); // Redis answers, only late
      await closing;
      await new Promise((r) => setTimeout(r, 200));
      expect(unhandled.map((e) => String(e))).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await proxy.close();
    }
  });
});
