import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { DOMINANT_ORDER, dominantCounterOf } from '@herald/statistics';
import { seedDemo } from '../../apps/api/src/seed/demo-seed';
import { testConfig } from '../support/config';
import { waitFor } from '../support/e2e';
import { startWorker } from '../support/worker';

describe('the demo seed of npm start', () => {
  let db: TestDatabase;
  let redis: Redis;
  let worker: INestApplicationContext;
  let prefix: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig(db.url);
    prefix = config.REDIS_PREFIX;
    redis = new Redis(config.REDIS_URL);
    worker = await startWorker(config);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    redis?.disconnect();
    await db?.drop();
  });

  it('creates a demo account with a sent mailing whose results the worker ingests, once', async () => {
    const first = await seedDemo(db.prisma, redis, prefix);
    expect(first.created).toBe(true);
    expect((await seedDemo(db.prisma, redis, prefix)).created).toBe(false);
    const mailing = await db.prisma.mailing.findFirstOrThrow({ where: { accountId: first.accountId, status: 'SENT' } });
    const read = () => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: mailing.id } });
    await waitFor(read, (a) => a.impressionsTotal > 0 && a.errorsTotal >= 4, {
      intervalMs: 200,
      what: 'the demo results to be ingested',
    });
    await new Promise((r) => setTimeout(r, 1_000));
    const aggregate = await read();
    const buckets = DOMINANT_ORDER.reduce((sum, result) => sum + aggregate[dominantCounterOf(result)], 0);
    expect(buckets).toBe(200);
    expect(aggregate.errorsHard).toBe(2);
    expect(aggregate.clicksUnique).toBeGreaterThan(0);
    expect(aggregate.impressionsMachine).toBeGreaterThan(0);
    const byResult = await db.prisma.destination.groupBy({
      by: ['dominantResult'],
      where: { mailingId: mailing.id },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(byResult.map((r) => [r.dominantResult, r._count._all]));
    expect(counts['IMPRESSION'] ?? 0).toBe(aggregate.dominantImpression);
    expect(counts['CLICK'] ?? 0).toBe(aggregate.dominantClick);
    expect(counts['ERROR'] ?? 0).toBe(aggregate.dominantError);
  }, 60_000);
});
