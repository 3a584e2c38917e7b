import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@herald/db';
import type { MailCatcher } from '@herald/mail-catcher';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, type E2eStack } from '../support/e2e';

type Mailing = {
  id: number;
  status: string;
  progress: {
    destinations: number;
    pending: number;
    sent: number;
    failed: number;
    suppressed: number;
    cancelled: number;
  };
};
type Destination = {
  address: string;
  status: string;
  lastErrorKind: string | null;
  lastErrorCode: string | null;
  attempts: number;
  suppressionReason: string | null;
};

describe('bulk email end to end: API → dispatch → send → SMTP', () => {
  let stack: E2eStack;
  let prisma: PrismaClient;
  let catcher: MailCatcher;
  let api: RunningApi;
  let token: string;
  let accountId: number;
  let databaseId: number;

  /** The mailing once SENT, read over the API. */
  const sentMailing = (id: number): Promise<Mailing> =>
    mailingInStatus(stack, id, 'SENT', { timeoutMs: 90_000, intervalMs: 200 });

  beforeAll(async () => {
    stack = await startE2eStack({
      catcher: {
        maxKept: 5_000,
        replies: [
          {
            match: /^hard@/,
            code: 550,
            message: '5.1.1 <hard@example.test>: Recipient address rejected: User unknown',
          },
          { match: /^soft@/, code: 451, message: '4.3.0 Temporary lookup failure, try again later' },
        ],
      },
      config: {
        SEND_RETRY_DELAY_MS: '50',
        SEND_MAX_ATTEMPTS: '3',
        SEND_BATCH_SIZE: '200',
        SMTP_EHLO_NAME: 'mta1.herald.test',
      },
    });
    ({ prisma, catcher, api, token, accountId } = stack);

    const database = await prisma.database.create({
      data: {
        accountId,
        name: 'Customers',
        fields: {
          create: [
            { accountId, name: 'firstname', type: 'TEXT' },
            { accountId, name: 'city', type: 'TEXT' },
          ],
        },
      },
    });
    databaseId = database.id;
    await prisma.profile.createMany({
      data: [
        ...Array.from({ length: 1000 }, (_, i) => ({
          accountId,
          databaseId,
          email: `p${i}@example.test`,
          values: { firstname: `Name${i}`, city: `City${i % 7}` },
        })),
        ...Array.from({ length: 5 }, (_, i) => ({
          accountId,
          databaseId,
          email: `gone${i}@example.test`,
          values: { firstname: 'Gone' },
          unsubscribedAt: new Date(),
        })),
        {
          accountId,
          databaseId,
          email: 'off@example.test',
          values: { firstname: 'Off' },
          disabledAt: new Date(),
          disabledReason: 'hard error earlier',
        },
        { accountId, databaseId, email: 'hard@example.test', values: { firstname: 'Hard' } },
        { accountId, databaseId, email: 'soft@example.test', values: { firstname: 'Soft' } },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('delivers exactly one personalised message per profile, none to unsubscribed ones, and classifies 550 and 451', async () => {
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: {
        name: 'Welcome',
        fromName: 'Herald {{ city }}',
        fromAddress: 'news@herald.example',
        subject: 'Hello {{ firstname }}',
        html: '<html><body><p>Dear {{ firstname }} from {{ city }},</p><a href="https://example.com/offer">Offer</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
      },
    });
    expect(document.status).toBe(201);
    const created = await api.request<Mailing>('POST', '/mailings', {
      token,
      body: { name: 'Welcome mailing', documentId: document.body.id, targetType: 'DATABASE', databaseId },
    });
    expect(created.status).toBe(201);
    await acknowledgeWarnings(api, token, created.body.id);
    const sent = await api.request<Mailing>('POST', `/mailings/${created.body.id}/send`, { token });
    expect(sent.status).toBe(202);
    const again = await api.request('POST', `/mailings/${created.body.id}/send`, { token });
    expect(again.status).toBe(409);

    const done = await sentMailing(created.body.id);
    expect(done.progress).toEqual({
      destinations: 1008,
      pending: 0,
      sent: 1000,
      failed: 2,
      suppressed: 6,
      cancelled: 0,
    });

    const counts = catcher.recipientCounts();
    for (let i = 0; i < 1000; i++) expect(counts.get(`p${i}@example.test`), `p${i}`).toBe(1);
    for (let i = 0; i < 5; i++) expect(counts.has(`gone${i}@example.test`)).toBe(false);
    expect(counts.has('off@example.test')).toBe(false);

    const messages = catcher.messages().filter((m) => m.envelope.to.some((to) => to.startsWith('p')));
    expect(messages.length).toBe(1000);
    for (const message of messages.slice(0, 50)) {
      const i = Number(message.envelope.to[0]!.slice(1).split('@')[0]);
      expect(message.subject).toBe(`Hello Name${i}`);
      expect(message.headers['from']).toContain(`Herald City${i % 7}`);
      expect(message.headers['list-unsubscribe']).toMatch(
        /^<http:\/\/127\.0\.0\.1:\d+\/t\/l\/[A-Za-z0-9_-]+>, <mailto:/,
      );
      expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(message.headers['message-id']).toMatch(new RegExp(`^<m${created.body.id}\\.d\\d+@`));
      expect(message.envelope.from).toMatch(/^b-\d+-[a-z0-9]+@bounces\.herald\.localhost$/);
      expect(message.greeting).toBe('mta1.herald.test');
      const parsed = await catcher.parsed(message.id);
      expect(parsed.html).toContain(`Dear Name${i} from City${i % 7}`);
      expect(parsed.html).not.toContain('https://example.com/offer'); // rewritten to a tracking link
      expect(parsed.html).toMatch(/\/t\/o\//); // open pixel
      expect(parsed.text).toContain(`Dear Name${i}`);
    }

    const failed = await api.request<{ items: Destination[] }>(
      'GET',
      `/mailings/${created.body.id}/destinations?status=FAILED`,
      { token },
    );
    const hard = failed.body.items.find((d) => d.address === 'hard@example.test')!;
    const soft = failed.body.items.find((d) => d.address === 'soft@example.test')!;
    expect(hard).toMatchObject({ lastErrorKind: 'HARD', lastErrorCode: '5.1.1', attempts: 1 });
    expect(soft).toMatchObject({ lastErrorKind: 'SOFT', attempts: 3 });
    expect(counts.get('soft@example.test') ?? 0).toBe(0);
    const softEvents = await prisma.event.count({
      where: { mailingId: created.body.id, type: 'ERROR', errorKind: 'SOFT' },
    });
    expect(softEvents).toBe(3);
    const hardProfile = await prisma.profile.findFirst({ where: { email: 'hard@example.test' } });
    expect(hardProfile?.disabledAt).not.toBeNull();
    expect(hardProfile?.disabledReason).toContain('5.1.1');

    const suppressed = await api.request<{ items: Destination[] }>(
      'GET',
      `/mailings/${created.body.id}/destinations?status=SUPPRESSED`,
      { token },
    );
    expect(suppressed.body.items.map((d) => d.suppressionReason).sort()).toEqual([
      'disabled: hard error earlier',
      'unsubscribed',
      'unsubscribed',
      'unsubscribed',
      'unsubscribed',
      'unsubscribed',
    ]);

    // A sending or sent mailing cannot be edited or cancelled by a marketer.
    expect((await api.request('PATCH', `/mailings/${created.body.id}`, { token, body: { name: 'x' } })).status).toBe(
      409,
    );
    expect((await api.request('POST', `/mailings/${created.body.id}/cancel`, { token })).status).toBe(409);
  }, 120_000);

  it('personalises with profile and subprofile fields when sending to a collection', async () => {
    const collection = await prisma.collection.create({
      data: {
        accountId,
        databaseId,
        name: 'Orders',
        fields: { create: [{ accountId, name: 'product', type: 'TEXT' }] },
      },
    });
    const owners = await prisma.profile.findMany({
      where: { databaseId, email: { in: ['p1@example.test', 'p2@example.test'] } },
      orderBy: { id: 'asc' },
    });
    await prisma.subprofile.createMany({
      data: [
        { accountId, collectionId: collection.id, profileId: owners[0]!.id, values: { product: 'Kettle' } },
        { accountId, collectionId: collection.id, profileId: owners[0]!.id, values: { product: 'Toaster' } },
        { accountId, collectionId: collection.id, profileId: owners[1]!.id, values: { product: 'Lamp' } },
      ],
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: {
        name: 'Order',
        fromAddress: 'shop@herald.example',
        subject: '{{ profile.firstname }}, your {{ subprofile.product }}',
        html: '<p>{{ product }} for {{ profile.firstname }}</p>',
      },
    });
    const mailing = await api.request<Mailing>('POST', '/mailings', {
      token,
      body: {
        name: 'Orders',
        documentId: document.body.id,
        targetType: 'COLLECTION',
        collectionId: collection.id,
        toSubprofiles: true,
        settings: { skipDuplicates: false },
      },
    });
    expect(mailing.status).toBe(201);
    catcher.clear();
    await acknowledgeWarnings(api, token, mailing.body.id);
    await api.request('POST', `/mailings/${mailing.body.id}/send`, { token });
    const done = await sentMailing(mailing.body.id);
    expect(done.progress.sent).toBe(3);
    const subjects = catcher
      .messages()
      .map((m) => m.subject)
      .sort();
    expect(subjects).toEqual(['Name1, your Kettle', 'Name1, your Toaster', 'Name2, your Lamp']);
  }, 60_000);

  it('rejects a mailing with bad input clearly', async () => {
    const res = await api.request<{ issues: { path: string }[] }>('POST', '/mailings', {
      token,
      body: { name: 'x', documentId: 1, targetType: 'DATABASE' },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i) => i.path)).toContain('databaseId');
    const badTemplate = await api.request<{ issues: { path: string }[] }>('POST', '/documents', {
      token,
      body: { name: 'Broken', fromAddress: 'a@b.example', subject: 'ok', html: '<p>\n{% if x %}never closed</p>' },
    });
    expect(badTemplate.status).toBe(400);
    expect(badTemplate.body.issues[0]!.path).toMatch(/^html/);
  });
});
