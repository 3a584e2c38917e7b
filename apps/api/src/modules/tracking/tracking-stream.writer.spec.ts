import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackingStreamWriter } from './tracking-stream.writer';

const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('TrackingStreamWriter', () => {
  let redis: Redis;
  const key = `herald-test-${randomBytes(6).toString('hex')}:tracking-events`;
  const errors: number[] = [];

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('stores every entry of a turn, in order, in one pipeline, and tells each caller', async () => {
    const writer = new TrackingStreamWriter(redis, key, (_error, entries) => errors.push(entries));
    const written: string[] = [];
    const original = redis.pipeline.bind(redis);
    let pipelines = 0;
    redis.pipeline = ((...args: Parameters<Redis['pipeline']>) => {
      pipelines++;
      return original(...args);
    }) as Redis['pipeline'];
    try {
      const results = await Promise.all(
        Array.from({ length: 2_500 }, (_, i) => writer.append(['k', 'o', 'd', `1.${i}`])),
      );
      expect(results.every((queued) => queued)).toBe(true);
      expect(pipelines).toBe(3); // 1,000 a pipeline at most
    } finally {
      redis.pipeline = original;
    }
    for (const [, fields] of await redis.xrange(key, '-', '+')) written.push(fields[3]!);
    expect(written).toEqual(Array.from({ length: 2_500 }, (_, i) => `1.${i}`));
    expect(errors).toEqual([]);
  });

  it('answers false, and reports, when Redis does not take the entries', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    const failures: number[] = [];
    const writer = new TrackingStreamWriter(down, key, (_error, entries) => failures.push(entries));
    expect(await Promise.all([writer.append(['k', 'o']), writer.append(['k', 'c'])])).toEqual([false, false]);
    expect(failures).toEqual([2]);
    down.disconnect();
  });

  it('answers false for the entry Redis refuses and true for the others', async () => {
    await redis.set(`${key}:not-a-stream`, 'x');
    const failures: number[] = [];
    const good = new TrackingStreamWriter(redis, key, (_error, entries) => failures.push(entries));
    const bad = new TrackingStreamWriter(redis, `${key}:not-a-stream`, (_error, entries) => failures.push(entries));
    expect(await Promise.all([good.append(['k', 'o']), bad.append(['k', 'o'])])).toEqual([true, false]);
    expect(failures).toEqual([1]);
    await redis.del(`${key}:not-a-stream`);
  });
});
