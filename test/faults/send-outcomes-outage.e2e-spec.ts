import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrate, type PrismaClient } from '@herald/db';
import { isDatabaseUnavailable, whileDatabaseUnavailable } from '../../apps/worker/src/common/database-outage';
import { SendOutcomeRecorder } from '../../apps/worker/src/mailings/send-outcome.recorder';
import { createAccount } from '../support/factories';
import { createDatabaseOn, startPrivatePostgres, type PrivatePostgres } from '../support/private-services';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** 'pending' if the promise has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([promise, sleep(ms).then(() => 'pending' as const)]);

/**
 * The send path's side of a PostgreSQL crash, in process against a private cluster: outcomes of
 * messages already handed to SMTP are stored once the database is back, never dropped nor left for a
 * retried job to send again, and nothing more is handed over meanwhile.
 */
describe('send outcomes while PostgreSQL is down (a private cluster)', () => {
  let pg: PrivatePostgres;
  let prisma: PrismaClient;
  let pool: Pool;
  const logger = new Logger('outage-test');

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const url = await createDatabaseOn(pg.adminUrl, `herald_outage_${randomBytes(4).toString('hex')}`);
    await migrate(url);
    ({ prisma, pool } = createDatabase({ databaseUrl: url, poolSize: 3 }));
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await pg?.close();
  });

  async function mailingWithDestinations(
    count: number,
  ): Promise<{ mailingId: number; accountId: number; destinations: Array<{ id: bigint; profileId: number }> }> {
    const accountId = (await createAccount(prisma)).id;
    const databaseId = (await prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const document = await prisma.document.create({ data: { accountId, name: 'News', channel: 'EMAIL' } });
    const mailing = await prisma.mailing.create({
      data: {
        accountId,
        name: 'News',
        channel: 'EMAIL',
        documentId: document.id,
        targetType: 'DATABASE',
        databaseId,
        status: 'SENDING',
      },
    });
    await prisma.mailingAggregate.create({
      data: { mailingId: mailing.id, accountId, destinations: count, dominantNoFeedback: count },
    });
    const destinations = [];
    for (let i = 0; i < count; i++) {
      const profile = await prisma.profile.create({ data: { accountId, databaseId, email: `r${i}@example.test` } });
      const destination = await prisma.destination.create({
        data: {
          accountId,
          mailingId: mailing.id,
          recipientId: profile.id,
          profileId: profile.id,
          address: profile.email!,
          status: 'PENDING',
        },
      });
      destinations.push({ id: destination.id, profileId: profile.id });
    }
    return { mailingId: mailing.id, accountId, destinations };
  }

  it('stores what was handed over once the database is back, and pauses sending meanwhile', async () => {
    const { mailingId, accountId, destinations } = await mailingWithDestinations(3);
    const [first, ...rest] = destinations as [
      { id: bigint; profileId: number },
      ...Array<{ id: bigint; profileId: number }>,
    ];
    const recorder = new SendOutcomeRecorder(prisma, pool, mailingId, accountId);
    const sent = (d: { id: bigint; profileId: number }) =>
      recorder.add({
        kind: 'sent',
        destinationId: d.id,
        profileId: d.profileId,
        response: '250 OK',
        messageId: `m${mailingId}.d${d.id}`,
      });

    sent(first);
    await recorder.settle([first.id]);
    expect(recorder.holds(first.id)).toBe(false);

    await pg.stop('immediate');
    try {
      for (const d of rest) sent(d);
      const settled = recorder.settle(rest.map((d) => d.id));
      // Held, not pending: a retried job must skip them; the job must wait, and so must its lanes.
      expect(rest.every((d) => recorder.holds(d.id))).toBe(true);
      expect(await within(settled, 1_500)).toBe('pending');
      expect(await within(recorder.writable(), 100)).toBe('pending');

      await pg.start();
      await settled;
    } finally {
      await pg.start().catch(() => undefined); // already running unless an expectation failed
    }
    await recorder.writable();
    expect(rest.some((d) => recorder.holds(d.id))).toBe(false);
    const statuses = await prisma.destination.groupBy({ by: ['status'], where: { mailingId }, _count: { _all: true } });
    expect(statuses.map((s) => [s.status, s._count._all])).toEqual([['SENT', 3]]);
    const aggregate = await prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } });
    expect(aggregate.sent).toBe(3);
  }, 60_000);

  it('tells an unreachable or restarting database from a statement that is wrong', async () => {
    await pool.query('SELECT 1');
    const inFlight = pool.query('SELECT pg_sleep(5)').then(
      () => null,
      (error: unknown) => error,
    );
    await sleep(200);
    await pg.stop('immediate');
    const refused: unknown[] = [await inFlight];
    try {
      refused.push(
        await pool.query('SELECT 1').then(
          () => null,
          (error: unknown) => error,
        ),
      );
      refused.push(
        await prisma.$queryRaw`SELECT 1`.then(
          () => null,
          (error: unknown) => error,
        ),
      );
      refused.push(
        await prisma.account.findFirst().then(
          () => null,
          (error: unknown) => error,
        ),
      );
      refused.push(
        await prisma
          .$transaction(async (tx) => tx.$executeRaw`SELECT 1`)
          .then(
            () => null,
            (error: unknown) => error,
          ),
      );
    } finally {
      await pg.start();
    }
    expect(refused.every((error) => error !== null)).toBe(true);
    expect(refused.map(isDatabaseUnavailable)).toEqual(refused.map(() => true));

    const account = await createAccount(prisma);
    const wrong = [
      await pool.query('SELEC 1').then(
        () => null,
        (error: unknown) => error,
      ),
      await prisma.$executeRaw`INSERT INTO "Account" (id, name, "updatedAt") VALUES (${account.id}, 'again', now())`.then(
        () => null,
        (error: unknown) => error,
      ),
      await prisma.account.create({ data: { id: account.id, name: 'again' } }).then(
        () => null,
        (error: unknown) => error,
      ),
      new Error('Mailing 4 has no frozen document version'),
    ];
    expect(wrong.every((error) => error !== null)).toBe(true);
    expect(wrong.map(isDatabaseUnavailable)).toEqual(wrong.map(() => false));
  }, 60_000);

  it('survives a crash under a connection checked out of the pool (a transaction between statements)', async () => {
    const client = await pool.connect();
    // pg emits 'error' on a checked-out client whose socket ends; without a listener the process exits.
    expect(client.listenerCount('error')).toBeGreaterThan(0);
    await client.query('BEGIN');
    await pg.stop('immediate');
    try {
      await sleep(300);
      const error = await client.query('SELECT 1').then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(error)).toBe(true);
      client.release(error as Error);
    } finally {
      await pg.start();
    }
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  }, 60_000);

  it('waits out a restart when reading, and gives up after its bound or at once on a wrong statement', async () => {
    await pg.stop('immediate');
    const read = whileDatabaseUnavailable(() => prisma.account.count(), 'reading accounts', logger);
    try {
      expect(await within(read, 1_000)).toBe('pending');
    } finally {
      await pg.start();
    }
    expect(await read).toBeGreaterThan(0);

    await pg.stop('immediate');
    try {
      const started = Date.now();
      await expect(
        whileDatabaseUnavailable(() => prisma.account.count(), 'reading accounts', logger, 500),
      ).rejects.toSatisfy(isDatabaseUnavailable);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await pg.start();
    }
    let calls = 0;
    await expect(whileDatabaseUnavailable(() => (calls++, pool.query('SELEC 1')), 'a typo', logger)).rejects.toThrow(
      /syntax error/,
    );
    expect(calls).toBe(1);
  }, 60_000);
});
