import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { encodeStreamEntry, trackingStreamKey, type TrackingStreamEntry } from '@herald/queue';
import { EventIngestionHandler, type IncomingResult } from './event-ingestion.handler';
import { INGEST_GROUP, incomingResultOf } from './tracking-stream.consumer';

const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const SENT_AT = new Date('2025-03-01T09:00:00Z');
const LATER = new Date('2025-03-01T10:00:00Z');

describe('EventIngestionHandler: a result stored twice counts once', () => {
  let db: TestDatabase;
  let redis: Redis;
  let sut: EventIngestionHandler;
  const key = trackingStreamKey(`herald-test-${randomBytes(6).toString('hex')}`);

  /** One sent mailing to `count` profiles, each with its destination; a link at position 0. */
  async function sentMailing(count: number) {
    const accountId = (await db.prisma.account.create({ data: { name: `Ingestion ${randomBytes(3).toString('hex')}` } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const mailing = await db.prisma.mailing.create({ data: { accountId, name: 'M', channel: 'EMAIL', documentId, targetType: 'DATABASE', databaseId, status: 'SENT' } });
    const destinations = [];
    for (let i = 0; i < count; i++) {
      const profile = await db.prisma.profile.create({ data: { accountId, databaseId, email: `p${i}@example.test` } });
      destinations.push(
        await db.prisma.destination.create({
          data: { accountId, mailingId: mailing.id, recipientId: profile.id, profileId: profile.id, address: profile.email!, status: 'SENT', sentAt: SENT_AT },
          select: { id: true, profileId: true },
        }),
      );
    }
    await db.prisma.mailingAggregate.create({ data: { mailingId: mailing.id, accountId, destinations: count, sent: count, delivered: count, dominantNoFeedback: count } });
    const link = await db.prisma.link.create({ data: { accountId, mailingId: mailing.id, url: 'https://example.com/', position: 0 } });
    return { mailingId: mailing.id, destinations, linkId: link.id };
  }

  const aggregate = (mailingId: number) => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } });

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = new Redis(process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
    await redis.connect();
    sut = new EventIngestionHandler(db.prisma);
  }, 60_000);

  afterAll(async () => {
    await redis?.del(key);
    redis?.disconnect();
    await db?.drop();
  });

  it('stores a click once when the same batch comes again, and counts it once everywhere', async () => {
    const { mailingId, destinations, linkId } = await sentMailing(1);
    const click: IncomingResult = { key: 's:1-0', kind: 'click', mailingId, destinationId: destinations[0]!.id, at: LATER, method: 'GET', userAgent: BROWSER, linkPosition: 0 };

    expect(await sut.ingest([click])).toEqual({ stored: 1, duplicates: 0, unknown: 0 });
    expect(await sut.ingest([click])).toEqual({ stored: 0, duplicates: 1, unknown: 0 });

    expect(await aggregate(mailingId)).toMatchObject({ clicksTotal: 1, clicksUnique: 1, impressionsUnique: 1, dominantClick: 1, dominantNoFeedback: 0 });
    expect(await db.prisma.link.findUniqueOrThrow({ where: { id: linkId } })).toMatchObject({ clicksTotal: 1, clicksUnique: 1 });
    expect(await db.prisma.event.count({ where: { mailingId } })).toBe(1);
    expect(await db.prisma.mailingTimeline.findMany({ where: { mailingId }, select: { clicks: true } })).toEqual([{ clicks: 1 }]);
  });

  it('counts a result once when its key comes twice in one batch', async () => {
    const { mailingId, destinations } = await sentMailing(1);
    const open: IncomingResult = { key: 's:2-0', kind: 'open', mailingId, destinationId: destinations[0]!.id, at: LATER, method: 'GET', userAgent: BROWSER };

    expect(await sut.ingest([open, { ...open }])).toEqual({ stored: 1, duplicates: 1, unknown: 0 });
    expect(await aggregate(mailingId)).toMatchObject({ impressionsTotal: 1, impressionsUnique: 1, dominantImpression: 1, dominantNoFeedback: 0 });
  });

  it('stores a stream entry redelivered to another consumer (the first died before XACK) once', async () => {
    const { mailingId, destinations } = await sentMailing(2);
    const [bounced, complained] = destinations as [{ id: bigint; profileId: number }, { id: bigint; profileId: number }];
    const entries: TrackingStreamEntry[] = [
      { kind: 'bounce', mailingId, destinationId: bounced.id, at: LATER, errorKind: 'SOFT', errorCode: '4.2.2', errorText: 'mailbox full' },
      { kind: 'complaint', mailingId, destinationId: complained.id, at: LATER, userAgent: 'ExampleFBL/1.0' },
    ];
    await redis.xgroup('CREATE', key, INGEST_GROUP, '0', 'MKSTREAM');
    for (const entry of entries) await redis.xadd(key, '*', ...encodeStreamEntry(entry));

    const read = async (): Promise<IncomingResult[]> => {
      const reply = (await redis.xreadgroup('GROUP', INGEST_GROUP, 'first', 'COUNT', 10, 'STREAMS', key, '>')) as Array<[string, Array<[string, string[]]>]>;
      return reply[0]![1].map(([id, fields]) => incomingResultOf(id, fields)!);
    };
    const first = await read();
    expect(await sut.ingest(first)).toEqual({ stored: 2, duplicates: 0, unknown: 0 });
    // "first" stored them and died before acknowledging: the entries are claimed by the next consumer.
    const ids = first.map((r) => r.key.slice(2));
    const claimed = (await redis.xclaim(key, INGEST_GROUP, 'second', 0, ...ids)) as Array<[string, string[]]>;
    const again = claimed.map(([id, fields]) => incomingResultOf(id, fields)!);
    expect(again.map((r) => r.key)).toEqual(first.map((r) => r.key));
    expect(await sut.ingest(again)).toEqual({ stored: 0, duplicates: 2, unknown: 0 });

    expect(await aggregate(mailingId)).toMatchObject({
      errorsTotal: 1,
      errorsSoft: 1,
      errorsUnique: 1,
      delivered: 1,
      complaintsTotal: 1,
      complaintsUnique: 1,
      dominantError: 1,
      dominantComplaint: 1,
      dominantNoFeedback: 0,
    });
    // One soft error, not two: a redelivery must not walk an address towards being disabled.
    expect(await db.prisma.profile.findUniqueOrThrow({ where: { id: bounced.profileId }, select: { softErrorStreak: true, disabledAt: true } })).toEqual({ softErrorStreak: 1, disabledAt: null });
    expect(await db.prisma.event.count({ where: { mailingId } })).toBe(2);
  });
});
