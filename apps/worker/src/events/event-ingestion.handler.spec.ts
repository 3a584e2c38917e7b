import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { encodeStreamEntry, trackingStreamKey, type TrackingStreamEntry } from '@herald/queue';
import { EventIngestionHandler, type IncomingResult } from './event-ingestion.handler';
import { INGEST_GROUP, incomingResultOf } from './tracking-stream.consumer';

const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const SENT_AT = new Date('2025-03-01T09:00:00Z');
const LATER = new Date('2025-03-01T10:00:00Z');

describe('EventIngestionHandler: a result stored twice counts once', () => {
  let db: TestDatabase;
  let redis: Redis;
  let sut: EventIngestionHandler;
  const key = trackingStreamKey(`herald-test-${randomBytes(6).toString('hex')}`);

  /** One sent mailing to `count` profiles, each with its destination; a link at position 0. */
  async function sentMailing(count: number) {
    const accountId = (
      await db.prisma.account.create({ data: { name: `Ingestion ${randomBytes(3).toString('hex')}` } })
    ).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const mailing = await db.prisma.mailing.create({
      data: { accountId, name: 'M', channel: 'EMAIL', documentId, targetType: 'DATABASE', databaseId, status: 'SENT' },
    });
    const destinations = [];
    for (let i = 0; i < count; i++) {
      const profile = await db.prisma.profile.create({ data: { accountId, databaseId, email: `p${i}@example.test` } });
      destinations.push(
        await db.prisma.destination.create({
          data: {
            accountId,
            mailingId: mailing.id,
            recipientId: profile.id,
            profileId: profile.id,
            address: profile.email!,
            status: 'SENT',
            sentAt: SENT_AT,
          },
          select: { id: true, profileId: true },
        }),
      );
    }
    await db.prisma.mailingAggregate.create({
      data: {
        mailingId: mailing.id,
        accountId,
        destinations: count,
        sent: count,
        delivered: count,
        dominantNoFeedback: count,
      },
    });
    const link = await db.prisma.link.create({
      data: { accountId, mailingId: mailing.id, url: 'https://example.com/', position: 0 },
    });
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
    const click: IncomingResult = {
      key: 's:1-0',
      kind: 'click',
      mailingId,
      destinationId: destinations[0]!.id,
      at: LATER,
      method: 'GET',
      userAgent: BROWSER,
      linkPosition: 0,
    };

    expect(await sut.ingest([click])).toEqual({ stored: 1, duplicates: 0, unknown: 0 });
    expect(await sut.ingest([click])).toEqual({ stored: 0, duplicates: 1, unknown: 0 });

    expect(await aggregate(mailingId)).toMatchObject({
      clicksTotal: 1,
      clicksUnique: 1,
      impressionsUnique: 1,
      dominantClick: 1,
      dominantNoFeedback: 0,
    });
    expect(await db.prisma.link.findUniqueOrThrow({ where: { id: linkId } })).toMatchObject({
      clicksTotal: 1,
      clicksUnique: 1,
    });
    expect(await db.prisma.event.count({ where: { mailingId } })).toBe(1);
    expect(await db.prisma.mailingTimeline.findMany({ where: { mailingId }, select: { clicks: true } })).toEqual([
      { clicks: 1 },
    ]);
  });

  it("keeps machines' opens and clicks in their own timeline and link columns, across batches", async () => {
    const { mailingId, destinations, linkId } = await sentMailing(2);
    const [first, second] = destinations.map((d) => d.id) as [bigint, bigint];
    const base = { mailingId, at: LATER, method: 'GET' } as const;
    await sut.ingest([
      { ...base, key: 'm:1', kind: 'open', destinationId: first, userAgent: 'GoogleImageProxy' },
      { ...base, key: 'm:2', kind: 'click', destinationId: first, method: 'HEAD', userAgent: BROWSER, linkPosition: 0 },
      { ...base, key: 'm:3', kind: 'click', destinationId: second, userAgent: BROWSER, linkPosition: 0 },
    ]);
    await sut.ingest([
      { ...base, key: 'm:4', kind: 'click', destinationId: second, userAgent: 'python-requests/2.31', linkPosition: 0 },
      {
        ...base,
        key: 'm:5',
        kind: 'open',
        destinationId: second,
        at: new Date(LATER.getTime() + 3_600_000),
        userAgent: BROWSER,
      },
    ]);

    expect(await db.prisma.link.findUniqueOrThrow({ where: { id: linkId } })).toMatchObject({
      clicksTotal: 3,
      clicksUnique: 1,
      clicksMachine: 2,
    });
    expect(
      await db.prisma.mailingTimeline.findMany({
        where: { mailingId },
        orderBy: { hour: 'asc' },
        select: { hour: true, impressions: true, clicks: true, machineImpressions: true, machineClicks: true },
      }),
    ).toEqual([
      { hour: LATER, impressions: 0, clicks: 1, machineImpressions: 1, machineClicks: 2 },
      {
        hour: new Date(LATER.getTime() + 3_600_000),
        impressions: 1,
        clicks: 0,
        machineImpressions: 0,
        machineClicks: 0,
      },
    ]);
  });

  it('counts a result once when its key comes twice in one batch', async () => {
    const { mailingId, destinations } = await sentMailing(1);
    const open: IncomingResult = {
      key: 's:2-0',
      kind: 'open',
      mailingId,
      destinationId: destinations[0]!.id,
      at: LATER,
      method: 'GET',
      userAgent: BROWSER,
    };

    expect(await sut.ingest([open, { ...open }])).toEqual({ stored: 1, duplicates: 1, unknown: 0 });
    expect(await aggregate(mailingId)).toMatchObject({
      impressionsTotal: 1,
      impressionsUnique: 1,
      dominantImpression: 1,
      dominantNoFeedback: 0,
    });
  });

  it('stores a stream entry redelivered to another consumer (the first died before XACK) once', async () => {
    const { mailingId, destinations } = await sentMailing(2);
    const [bounced, complained] = destinations as [
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
    ];
    const entries: TrackingStreamEntry[] = [
      {
        kind: 'bounce',
        mailingId,
        destinationId: bounced.id,
        at: LATER,
        errorKind: 'SOFT',
        errorCode: '4.2.2',
        errorText: 'mailbox full',
      },
      { kind: 'complaint', mailingId, destinationId: complained.id, at: LATER, userAgent: 'ExampleFBL/1.0' },
    ];
    await redis.xgroup('CREATE', key, INGEST_GROUP, '0', 'MKSTREAM');
    for (const entry of entries) await redis.xadd(key, '*', ...encodeStreamEntry(entry));

    const read = async (): Promise<IncomingResult[]> => {
      const reply = (await redis.xreadgroup('GROUP', INGEST_GROUP, 'first', 'COUNT', 10, 'STREAMS', key, '>')) as Array<
        [string, Array<[string, string[]]>]
      >;
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
    expect(
      await db.prisma.profile.findUniqueOrThrow({
        where: { id: bounced.profileId },
        select: { softErrorStreak: true, disabledAt: true },
      }),
    ).toEqual({ softErrorStreak: 1, disabledAt: null });
    expect(await db.prisma.event.count({ where: { mailingId } })).toBe(2);
  });
});

describe('EventIngestionHandler: every figure through the fold', () => {
  let db: TestDatabase;
  let sut: EventIngestionHandler;
  let seq = 0;

  async function sentTo(count: number, softErrorStreak = 0) {
    const accountId = (await db.prisma.account.create({ data: { name: `Fold ${randomBytes(3).toString('hex')}` } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const mailing = await db.prisma.mailing.create({
      data: { accountId, name: 'M', channel: 'EMAIL', documentId, targetType: 'DATABASE', databaseId, status: 'SENT' },
    });
    const destinations = [];
    for (let i = 0; i < count; i++) {
      const profile = await db.prisma.profile.create({
        data: { accountId, databaseId, email: `f${i}@example.test`, softErrorStreak },
      });
      destinations.push(
        await db.prisma.destination.create({
          data: {
            accountId,
            mailingId: mailing.id,
            recipientId: profile.id,
            profileId: profile.id,
            address: profile.email!,
            status: 'SENT',
            sentAt: SENT_AT,
          },
          select: { id: true, profileId: true },
        }),
      );
    }
    await db.prisma.mailingAggregate.create({
      data: {
        mailingId: mailing.id,
        accountId,
        destinations: count,
        sent: count,
        delivered: count,
        dominantNoFeedback: count,
      },
    });
    return { mailingId: mailing.id, destinations };
  }
  const result = (
    mailingId: number,
    destinationId: bigint,
    kind: IncomingResult['kind'],
    extra: Partial<IncomingResult> = {},
  ): IncomingResult => ({
    key: `f:${++seq}`,
    kind,
    mailingId,
    destinationId,
    at: LATER,
    method: 'GET',
    userAgent: BROWSER,
    ...extra,
  });
  const aggregate = (mailingId: number) => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } });
  const profile = (id: number) =>
    db.prisma.profile.findUniqueOrThrow({
      where: { id },
      select: { softErrorStreak: true, disabledAt: true, disabledReason: true },
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new EventIngestionHandler(db.prisma);
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('ranks a click above an impression in either order, as packages/statistics orders them', async () => {
    const { mailingId, destinations } = await sentTo(2);
    const [a, b] = destinations as [{ id: bigint; profileId: number }, { id: bigint; profileId: number }];
    await sut.ingest([result(mailingId, a.id, 'open'), result(mailingId, b.id, 'click', { linkPosition: 0 })]);
    await sut.ingest([result(mailingId, a.id, 'click', { linkPosition: 0 }), result(mailingId, b.id, 'open')]);
    expect(await aggregate(mailingId)).toMatchObject({
      dominantClick: 2,
      dominantImpression: 0,
      dominantNoFeedback: 0,
    });
    expect(await db.prisma.destination.findMany({ where: { mailingId }, select: { dominantResult: true } })).toEqual([
      { dominantResult: 'CLICK' },
      { dominantResult: 'CLICK' },
    ]);
  });

  it('counts an open after a click as no new unique impression', async () => {
    const { mailingId, destinations } = await sentTo(1);
    await sut.ingest([result(mailingId, destinations[0]!.id, 'click', { linkPosition: 0 })]);
    await sut.ingest([result(mailingId, destinations[0]!.id, 'open')]);
    expect(await aggregate(mailingId)).toMatchObject({ impressionsTotal: 1, impressionsUnique: 1, clicksUnique: 1 });
  });

  it('gives "delivered" back when an open follows a DSN, and keeps it when a bounce follows an open', async () => {
    const { mailingId, destinations } = await sentTo(2);
    const [bouncedFirst, openedFirst] = destinations as [
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
    ];
    const bounce = { errorKind: 'SOFT' as const, errorCode: '4.2.2', errorText: 'mailbox full' };
    await sut.ingest([result(mailingId, bouncedFirst.id, 'bounce', bounce), result(mailingId, openedFirst.id, 'open')]);
    expect(await aggregate(mailingId)).toMatchObject({ delivered: 1, dominantError: 1, dominantImpression: 1 });
    await sut.ingest([result(mailingId, bouncedFirst.id, 'open'), result(mailingId, openedFirst.id, 'bounce', bounce)]);
    expect(await aggregate(mailingId)).toMatchObject({
      delivered: 2,
      dominantError: 0,
      dominantImpression: 2,
      errorsTotal: 2,
      errorsUnique: 2,
    });
  });

  it('takes "delivered" away when a message delivered on a retry after a 4xx hard-bounces', async () => {
    const { mailingId, destinations } = await sentTo(1);
    await db.prisma.destination.update({
      where: { id: destinations[0]!.id },
      data: { lastErrorKind: 'SOFT', lastErrorCode: '4.2.1', attempts: 2 },
    });
    await sut.ingest([
      result(mailingId, destinations[0]!.id, 'bounce', {
        errorKind: 'HARD',
        errorCode: '5.1.1',
        errorText: 'no such user',
      }),
    ]);
    expect(await aggregate(mailingId)).toMatchObject({ delivered: 0, dominantError: 1, errorsHard: 1 });
  });

  it('disables on a recipient hard bounce, never on a sender-side one', async () => {
    const { mailingId, destinations } = await sentTo(2);
    const [recipient, sender] = destinations as [{ id: bigint; profileId: number }, { id: bigint; profileId: number }];
    await sut.ingest([
      result(mailingId, recipient.id, 'bounce', { errorKind: 'HARD', errorCode: '5.1.1', errorText: 'no such user' }),
      result(mailingId, sender.id, 'bounce', {
        errorKind: 'HARD',
        errorCode: 'sender:5.7.1',
        errorText: 'rejected by policy: sender not authenticated',
      }),
    ]);
    expect(await profile(recipient.profileId)).toMatchObject({ disabledReason: 'hard error: 5.1.1 no such user' });
    expect(await profile(sender.profileId)).toEqual({ softErrorStreak: 0, disabledAt: null, disabledReason: null });
    expect(await aggregate(mailingId)).toMatchObject({ errorsHard: 2, dominantError: 2 });
  });

  it('disables at the third soft error in a row (the account default), not at the second', async () => {
    const { mailingId, destinations } = await sentTo(2, 1);
    const [twice, third] = destinations as [{ id: bigint; profileId: number }, { id: bigint; profileId: number }];
    await db.prisma.profile.update({ where: { id: third.profileId }, data: { softErrorStreak: 2 } });
    const soft = { errorKind: 'SOFT' as const, errorCode: '4.2.2', errorText: 'mailbox full' };
    await sut.ingest([result(mailingId, twice.id, 'bounce', soft), result(mailingId, third.id, 'bounce', soft)]);
    expect(await profile(twice.profileId)).toEqual({ softErrorStreak: 2, disabledAt: null, disabledReason: null });
    expect(await profile(third.profileId)).toMatchObject({
      softErrorStreak: 3,
      disabledReason: '3 soft errors in a row',
    });
  });
});
