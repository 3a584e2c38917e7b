import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, outageDelayMs } from './database-outage';

describe('outageDelayMs', () => {
  it('doubles from 100 ms and stays at 5 s however long the outage', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(outageDelayMs)).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000]);
    expect(outageDelayMs(10_000)).toBe(5_000);
    expect(outageDelayMs(0)).toBe(100);
  });
});

describe('isDatabaseUnavailable', () => {
  // The shapes pg and Prisma's pg adapter give (seen against a crashed cluster in test/faults).
  it('knows an unreachable, closed or restarting server by code, adapter kind or message, also as a cause', () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable({
        code: 'P2010',
        message: 'Raw query failed',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
      }),
    ).toBe(true);
    expect(
      isDatabaseUnavailable({
        code: 'P2010',
        message: 'Raw query failed',
        meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } },
      }),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        new Error('job failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
      ),
    ).toBe(true);
  });

  it('leaves a statement or data error, and anything else, to fail', () => {
    expect(
      isDatabaseUnavailable({
        code: 'P2002',
        message: 'Unique constraint failed',
        meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } },
      }),
    ).toBe(false);
    expect(
      isDatabaseUnavailable({
        code: 'P2010',
        message: 'Raw query failed',
        meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '42601' } } },
      }),
    ).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new Error('Mailing 4 has no frozen document version'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
