import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startApi } from '../support/api';
import { testConfig } from '../support/config';

type Health = { status: string; services: { postgres: { up: boolean; error?: string }; redis: { up: boolean; error?: string } } };

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
});
