import { parse } from 'csv-parse/sync';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import {
  BROWSER_AGENT,
  caughtMail,
  sendMailing,
  startE2eStack,
  waitFor,
  type CaughtMail,
  type E2eStack,
} from '../support/e2e';

// Ann's own browser, so her user agent can be looked for in every table.
const ANN_AGENT = `${BROWSER_AGENT} AnnsTablet/7.3`;

type Mailing = { id: number; status: string };
interface Export {
  exportedAt: string;
  profile: {
    id: number;
    database: { id: number; name: string };
    email: string | null;
    mobile: string | null;
    values: Record<string, unknown>;
  };
  subscription: {
    unsubscribedAt: string | null;
    unsubscribeReason: string | null;
    disabledAt: string | null;
    disabledReason: string | null;
  };
  subprofiles: Array<{ id: number; collection: { id: number; name: string }; values: Record<string, unknown> }>;
  mailings: Array<{
    mailing: { id: number; name: string; channel: string };
    destination: { address: string; status: string; dominantResult: string; sentAt: string | null; lastError: unknown };
    events: Array<{
      type: string;
      occurredAt: string;
      link: string | null;
      machine: boolean;
      userAgent: string | null;
      ipHash: string | null;
    }>;
  }>;
  changes: Array<{ source: string; change: unknown; createdAt: string }>;
}

describe('privacy: deleting a profile erases its personal data, reports keep their figures, and a profile can be exported', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let config: HeraldConfig;
  let api: RunningApi;
  let marketer: string;
  let viewer: string;
  let stranger: string;
  let marketerId: number;
  let accountId: number;
  let databaseId: number;
  let mailing: Mailing;
  const people = new Map<string, number>();
  let mail: CaughtMail;

  const hit = (url: string, ip: string, userAgent = BROWSER_AGENT) =>
    fetch(url, { headers: { 'user-agent': userAgent, 'x-forwarded-for': ip }, redirect: 'manual' });
  const aggregate = () => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: mailing.id } });

  /** Every text and JSON column of every table that holds `needle` (any case), as "Table.column". */
  async function whereIs(needle: string): Promise<string[]> {
    const columns = await db.prisma.$queryRaw<Array<{ table: string; column: string }>>`
      SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
      ORDER BY table_name, column_name`;
    const found: string[] = [];
    for (const { table, column } of columns) {
      const [row] = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE position(lower($1) IN lower("${column}"::text)) > 0`,
        needle,
      );
      if (row!.n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  /** Every key of this test's Redis prefix whose contents hold `needle`. */
  async function redisKeysHolding(redis: Redis, needle: string): Promise<string[]> {
    const found: string[] = [];
    for (const key of await redis.keys(`${config.REDIS_PREFIX}:*`)) {
      const type = await redis.type(key);
      const content =
        type === 'string'
          ? await redis.get(key)
          : type === 'hash'
            ? JSON.stringify(await redis.hgetall(key))
            : type === 'list'
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : type === 'set'
                ? JSON.stringify(await redis.smembers(key))
                : type === 'zset'
                  ? JSON.stringify(await redis.zrange(key, 0, -1))
                  : type === 'stream'
                    ? JSON.stringify(await redis.xrange(key, '-', '+'))
                    : '';
      if (content?.toLowerCase().includes(needle.toLowerCase())) found.push(key);
    }
    return found;
  }

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    ({ db, config, api, accountId } = stack);
    ({ id: marketerId, token: marketer } = stack.user);
    viewer = await stack.userToken('VIEWER');
    stranger = await stack.userToken('ADMIN', await stack.newAccount());

    const database = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: {
        name: 'Readers',
        fields: [
          { name: 'firstname', type: 'TEXT' },
          { name: 'customerCode', type: 'TEXT', unique: true },
        ],
      },
    });
    databaseId = database.body.id;
    const collection = await api.request<{ id: number }>('POST', `/databases/${databaseId}/collections`, {
      token: marketer,
      body: { name: 'Orders', fields: [{ name: 'item', type: 'TEXT' }] },
    });
    expect(collection.status).toBe(201);
    const contacts: Record<string, { mobile?: string; code: string }> = {
      ann: { mobile: '+31612345678', code: 'ANN-C0DE-4417' },
      bob: { code: 'BOB-C0DE-9921' },
      carol: { code: 'CAROL-C0DE-1203' },
      dave: { code: 'DAVE-C0DE-5530' },
    };
    for (const [name, c] of Object.entries(contacts)) {
      const created = await api.request<{ id: number }>('POST', `/databases/${databaseId}/profiles`, {
        token: marketer,
        body: {
          email: `${name}.privacy@example.test`,
          mobile: c.mobile ?? null,
          values: { firstname: `${name[0]!.toUpperCase()}${name.slice(1)}zebulon-first`, customerCode: c.code },
        },
      });
      expect(created.status).toBe(201);
      people.set(name, created.body.id);
    }
    const order = await api.request('POST', `/profiles/${people.get('ann')}/subprofiles`, {
      token: marketer,
      body: { collectionId: collection.body.id, values: { item: 'Annsorder-Teapot-88' } },
    });
    expect(order.status).toBe(201);
    // Ann's history gets a before and after that names her.
    expect(
      (
        await api.request('PATCH', `/profiles/${people.get('ann')}`, {
          token: marketer,
          body: { values: { firstname: 'Annzebulon' } },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.request('POST', `/profiles/${people.get('ann')}/unsubscribe`, {
          token: marketer,
          body: { reason: 'Ann says: too many mails' },
        })
      ).status,
    ).toBe(200);
    expect((await api.request('POST', `/profiles/${people.get('ann')}/resubscribe`, { token: marketer })).status).toBe(
      200,
    );

    ({ mailing } = await sendMailing(stack, {
      name: 'Privacy',
      document: {
        subject: 'News for {{ firstname }}',
        html: '<html><body><p>Hi {{ firstname }}</p><a href="https://example.com/one">One</a> <a href="https://example.com/two?c={{ customerCode }}">Two</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
      },
      target: { databaseId },
    }));
    mail = await caughtMail(stack.catcher, (address) => address.split('.privacy@')[0]!);
    // Opens and clicks within two seconds of delivery count as machines.
    await new Promise((r) => setTimeout(r, 2_100));
    await hit(mail.pixel('ann'), '203.0.113.77', ANN_AGENT);
    await hit(mail.pixel('ann'), '203.0.113.77', ANN_AGENT);
    await hit(mail.links('ann')[1]!, '203.0.113.77', ANN_AGENT);
    await hit(mail.links('carol')[0]!, '198.51.100.9');
    await hit(mail.pixel('carol'), '198.51.100.9');
    await stack.bounce(
      mail.message('bob'),
      '5.1.1',
      '550 5.1.1 <Bob.Privacy@example.test>: Recipient address rejected: User unknown',
    );
    await waitFor(aggregate, (a) => a.impressionsTotal >= 3 && a.clicksTotal >= 2 && a.errorsTotal >= 1);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('exports everything Herald holds about one profile, and nothing of anyone else', async () => {
    const ann = people.get('ann')!;
    const res = await api.request<Export>('GET', `/profiles/${ann}/export`, { token: viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const x = res.body;
    expect(x.profile).toMatchObject({
      id: ann,
      database: { id: databaseId, name: 'Readers' },
      email: 'ann.privacy@example.test',
      mobile: '+31612345678',
    });
    expect(x.profile.values).toEqual({ firstname: 'Annzebulon', customerCode: 'ANN-C0DE-4417' });
    expect(x.subscription).toEqual({
      unsubscribedAt: null,
      unsubscribeReason: null,
      disabledAt: null,
      disabledReason: null,
    });
    expect(x.subprofiles).toMatchObject([{ collection: { name: 'Orders' }, values: { item: 'Annsorder-Teapot-88' } }]);
    expect(x.mailings).toHaveLength(1);
    const [sent] = x.mailings;
    expect(sent!.mailing).toEqual({ id: mailing.id, name: 'Privacy', channel: 'EMAIL' });
    expect(sent!.destination).toMatchObject({
      address: 'ann.privacy@example.test',
      status: 'SENT',
      dominantResult: 'CLICK',
      lastError: null,
    });
    const human = sent!.events.filter((e) => e.type === 'IMPRESSION' || e.type === 'CLICK');
    expect(human.map((e) => e.type).sort()).toEqual(['CLICK', 'IMPRESSION', 'IMPRESSION']);
    expect(human.find((e) => e.type === 'CLICK')!.link).toBe('https://example.com/two?c={{ customerCode }}');
    for (const e of human) {
      expect(e.userAgent).toBe(ANN_AGENT);
      expect(e.ipHash).toMatch(/^[\w-]{10,}$/);
    }
    // The history: the edit (naming her first name before and after), the unsubscribe with its reason, the resubscribe.
    expect(x.changes.map((c) => c.change)).toEqual([
      expect.objectContaining({ after: { values: { firstname: 'Annzebulon' } } }),
      { unsubscribed: true, reason: 'Ann says: too many mails' },
      { unsubscribed: false },
    ]);
    const text = JSON.stringify(x);
    for (const other of ['bob', 'carol', 'dave']) expect(text.toLowerCase()).not.toContain(other);
    expect(text).not.toContain('198.51.100.9');
  });

  it('lets no other account export or delete a profile (404), and no viewer delete one (403)', async () => {
    const ann = people.get('ann')!;
    expect((await api.request('GET', `/profiles/${ann}/export`, { token: stranger })).status).toBe(404);
    expect((await api.request('DELETE', `/profiles/${ann}`, { token: stranger })).status).toBe(404);
    expect((await api.request('DELETE', `/profiles/${ann}`, { token: viewer })).status).toBe(403);
    expect((await api.request('GET', `/profiles/${ann}`, { token: marketer })).status).toBe(200);
  });

  it('documents the export in OpenAPI', async () => {
    const doc = await api.request<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
      >;
    }>('GET', '/docs-json');
    expect(doc.status).toBe(200);
    const ok = doc.body.paths['/profiles/{id}/export']?.get?.responses['200'];
    expect(JSON.stringify(ok)).toContain('ProfileExport');
  });

  it('erases the profile, its subprofiles, the addresses of its destinations and the IP hashes and agents of its events; reports keep every figure', async () => {
    const [ann, bob, carol] = [people.get('ann')!, people.get('bob')!, people.get('carol')!];
    const report = async () => {
      const r = (
        await api.request<{ keyFigures: unknown; dominantResults: unknown; links: unknown; errors: unknown }>(
          'GET',
          `/mailings/${mailing.id}/report`,
          { token: viewer },
        )
      ).body;
      return { keyFigures: r.keyFigures, dominantResults: r.dominantResults, links: r.links, errors: r.errors };
    };
    const csv = async (path: string) => {
      const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${marketer}` } });
      expect(res.status).toBe(200);
      return parse(Buffer.from(await res.arrayBuffer()), { columns: true, skip_empty_lines: true }) as Array<
        Record<string, string>
      >;
    };
    const before = await report();
    const aggregateBefore = await aggregate();
    const recipientsBefore = await csv(`/mailings/${mailing.id}/recipients/export?format=csv&fields=firstname`);
    const errorsBefore = await csv(`/mailings/${mailing.id}/report/errors/export?format=csv`);
    expect(errorsBefore[0]!.text).toContain('Bob.Privacy@example.test');
    const annHashes = (
      await db.prisma.event.findMany({
        where: { destination: { profileId: ann }, ipHash: { not: null } },
        select: { ipHash: true },
      })
    ).map((e) => e.ipHash!);
    const carolHashes = (
      await db.prisma.event.findMany({
        where: { destination: { profileId: carol }, ipHash: { not: null } },
        select: { ipHash: true },
      })
    ).map((e) => e.ipHash!);
    expect(annHashes.length).toBeGreaterThan(0);
    expect(carolHashes.length).toBeGreaterThan(0);
    expect(new Set(annHashes).size).toBe(1);
    expect(carolHashes).not.toContain(annHashes[0]);

    // What there is to find before, so the search below is shown to find it.
    const annTraces = [
      'ann.privacy@example.test',
      '31612345678',
      'Annzebulon',
      'ANN-C0DE-4417',
      'Annsorder-Teapot-88',
      'AnnsTablet',
      'Ann says',
      annHashes[0]!,
    ];
    const bobTraces = ['bob.privacy@example.test', 'Bobzebulon', 'BOB-C0DE-9921'];
    for (const needle of [...annTraces, ...bobTraces]) expect(await whereIs(needle), needle).not.toEqual([]);

    expect((await api.request('DELETE', `/profiles/${ann}`, { token: marketer })).status).toBe(204);
    expect((await api.request('DELETE', `/profiles/${bob}`, { token: marketer })).status).toBe(204);

    for (const needle of [...annTraces, ...bobTraces]) expect(await whereIs(needle), needle).toEqual([]);
    const redis = new Redis(config.REDIS_URL);
    try {
      for (const needle of [...annTraces, ...bobTraces])
        expect(await redisKeysHolding(redis, needle), needle).toEqual([]);
    } finally {
      redis.disconnect();
    }
    // Everyone else's data is untouched.
    for (const needle of [
      'carol.privacy@example.test',
      'Carolzebulon',
      'CAROL-C0DE-1203',
      carolHashes[0]!,
      'dave.privacy@example.test',
    ])
      expect(await whereIs(needle), needle).not.toEqual([]);

    // The same figures, to the count.
    expect(await report()).toEqual(before);
    expect(await aggregate()).toEqual(aggregateBefore);
    const recipientsAfter = await csv(`/mailings/${mailing.id}/recipients/export?format=csv&fields=firstname`);
    expect(recipientsAfter).toHaveLength(recipientsBefore.length);
    const byResult = (rows: Array<Record<string, string>>) => rows.map((r) => r.dominantResult).sort();
    expect(byResult(recipientsAfter)).toEqual(byResult(recipientsBefore));
    expect(
      recipientsAfter
        .filter((r) => r.address === '(erased)')
        .map((r) => [Number(r.profileId), r.dominantResult, r.firstname])
        .sort(),
    ).toEqual([
      [ann, 'CLICK', ''],
      [bob, 'ERROR', ''],
    ]);
    const errorsAfter = await csv(`/mailings/${mailing.id}/report/errors/export?format=csv`);
    expect(errorsAfter).toHaveLength(errorsBefore.length);
    expect(errorsAfter[0]).toMatchObject({
      address: '(erased)',
      code: errorsBefore[0]!.code,
      text: '550 5.1.1 <(erased)>: Recipient address rejected: User unknown',
    });
    const clicked = await api.request<{ items: Array<{ address: string }>; total: number }>(
      'GET',
      `/mailings/${mailing.id}/report/recipients?result=CLICK`,
      { token: viewer },
    );
    expect(clicked.body.items.map((i) => i.address).sort()).toEqual(['(erased)', 'carol.privacy@example.test']);

    // Gone for the API, and one trace of the erasure without personal data: when, and who asked.
    expect((await api.request('GET', `/profiles/${ann}`, { token: marketer })).status).toBe(404);
    expect((await api.request('GET', `/profiles/${ann}/export`, { token: marketer })).status).toBe(404);
    expect((await api.request('DELETE', `/profiles/${ann}`, { token: marketer })).status).toBe(404);
    const trace = await db.prisma.profileChange.findMany({
      where: { profileId: ann },
      select: { source: true, change: true, createdAt: true },
    });
    expect(trace).toEqual([
      {
        source: `user:${marketerId}`,
        change: { erased: true, destinations: 1, events: 3, subprofiles: 1 },
        createdAt: expect.any(Date),
      },
    ]);
    const profile = await db.prisma.profile.findUniqueOrThrow({ where: { id: ann } });
    expect(profile).toMatchObject({ email: null, mobile: null, fax: null, values: {}, unsubscribeReason: null });
    expect(profile.deletedAt).toBeInstanceOf(Date);
  });

  it('counts results that come in after the erasure without storing any personal data', async () => {
    const ann = people.get('ann')!;
    const before = await aggregate();
    await hit(mail.pixel('ann'), '203.0.113.78', `${BROWSER_AGENT} AnnsLaptop/2.0`);
    await waitFor(aggregate, (a) => a.impressionsTotal === before.impressionsTotal + 1);
    const late = await db.prisma.event.findMany({
      where: { destination: { profileId: ann }, type: 'IMPRESSION' },
      orderBy: { id: 'desc' },
      take: 1,
      select: { userAgent: true, ipHash: true },
    });
    expect(late).toEqual([{ userAgent: null, ipHash: null }]);
    expect(await whereIs('AnnsLaptop')).toEqual([]);
    expect(
      await db.prisma.destination.findFirstOrThrow({
        where: { profileId: ann },
        select: { address: true, erasedAt: true },
      }),
    ).toEqual({ address: '(erased)', erasedAt: expect.any(Date) });
  });

  it('withdraws what was not yet sent to an erased profile: suppressed, never sent to "(erased)"', async () => {
    const dave = people.get('dave')!;
    const sending = await db.prisma.mailing.create({
      data: {
        accountId,
        name: 'Still sending',
        channel: 'EMAIL',
        documentId: 1,
        targetType: 'DATABASE',
        databaseId,
        status: 'SENDING',
      },
    });
    await db.prisma.destination.create({
      data: {
        accountId,
        mailingId: sending.id,
        recipientId: dave,
        profileId: dave,
        address: 'dave.privacy@example.test',
      },
    });
    await db.prisma.mailingAggregate.create({
      data: { mailingId: sending.id, accountId, destinations: 1, dominantNoFeedback: 1 },
    });
    expect((await api.request('DELETE', `/profiles/${dave}`, { token: marketer })).status).toBe(204);
    expect(
      await db.prisma.destination.findFirstOrThrow({
        where: { mailingId: sending.id },
        select: { address: true, status: true, suppressionReason: true },
      }),
    ).toEqual({
      address: '(erased)',
      status: 'SUPPRESSED',
      suppressionReason: 'erased',
    });
    expect(await db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: sending.id } })).toMatchObject({
      destinations: 0,
      suppressed: 1,
      dominantNoFeedback: 0,
    });
  });

  it('erases the values of a subprofile deleted on its own', async () => {
    const carol = people.get('carol')!;
    const collection = await db.prisma.collection.findFirstOrThrow({
      where: { databaseId, name: 'Orders' },
      select: { id: true },
    });
    const order = await api.request<{ id: number }>('POST', `/profiles/${carol}/subprofiles`, {
      token: marketer,
      body: { collectionId: collection.id, values: { item: 'Carolsorder-Kettle-12' } },
    });
    expect(order.status).toBe(201);
    expect((await api.request('DELETE', `/subprofiles/${order.body.id}`, { token: marketer })).status).toBe(204);
    expect(
      await db.prisma.subprofile.findUniqueOrThrow({
        where: { id: order.body.id },
        select: { values: true, deletedAt: true },
      }),
    ).toEqual({ values: {}, deletedAt: expect.any(Date) });
    expect(await whereIs('Carolsorder-Kettle-12')).toEqual([]);
  });
});
