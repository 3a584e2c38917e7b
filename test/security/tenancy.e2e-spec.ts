import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@herald/db';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

/** What one account holds that a mailing can point at. */
interface Holdings {
  accountId: number;
  databaseId: number;
  collectionId: number;
  selectionId: number;
  collectionSelectionId: number;
  documentId: number;
  profileId: number;
}

async function holdings(prisma: PrismaClient, accountId: number): Promise<Holdings> {
  const database = await prisma.database.create({ data: { accountId, name: 'Customers' } });
  const collection = await prisma.collection.create({ data: { accountId, databaseId: database.id, name: 'Orders' } });
  const conditions = { type: 'group', operator: 'AND', children: [] };
  const selection = await prisma.selection.create({
    data: { accountId, databaseId: database.id, name: 'All', conditions },
  });
  const collectionSelection = await prisma.selection.create({
    data: { accountId, databaseId: database.id, collectionId: collection.id, name: 'All orders', conditions },
  });
  const profile = await prisma.profile.create({
    data: { accountId, databaseId: database.id, email: `p${accountId}@example.test`, values: {} },
  });
  const document = await prisma.document.create({
    data: {
      accountId,
      name: 'Newsletter',
      channel: 'EMAIL',
      versions: {
        create: {
          accountId,
          version: 1,
          fromAddress: 'news@herald.example',
          subject: `Secret subject of account ${accountId}`,
          html: '<p>Hi</p>',
        },
      },
    },
  });
  return {
    accountId,
    databaseId: database.id,
    collectionId: collection.id,
    selectionId: selection.id,
    collectionSelectionId: collectionSelection.id,
    documentId: document.id,
    profileId: profile.id,
  };
}

describe('tenancy: another account’s ids answer 404 and change nothing', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let a: Holdings;
  let b: Holdings;
  let marketerA: string;

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false, accountName: 'A' });
    ({ db, api, token: marketerA } = stack);
    a = await holdings(db.prisma, stack.accountId);
    b = await holdings(db.prisma, await stack.newAccount('B'));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('POST /mailings as account A', () => {
    const mailingsOf = (accountId: number) => db.prisma.mailing.count({ where: { accountId } });
    // A leak in one case must fail that case only.
    afterEach(() => db.prisma.mailing.deleteMany({ where: { name: 'cross-account' } }));

    it('creates a mailing for its own document and database (so the 404s below are about the account)', async () => {
      const res = await api.request<{ id: number }>('POST', '/mailings', {
        token: marketerA,
        body: { name: 'own', documentId: a.documentId, targetType: 'DATABASE', databaseId: a.databaseId },
      });
      expect(res.status).toBe(201);
      await db.prisma.mailing.delete({ where: { id: res.body.id } });
    });

    it.each([
      ['database', () => ({ documentId: a.documentId, targetType: 'DATABASE', databaseId: b.databaseId }), 'Database'],
      [
        'collection',
        () => ({
          documentId: a.documentId,
          targetType: 'COLLECTION',
          collectionId: b.collectionId,
          toSubprofiles: true,
        }),
        'Collection',
      ],
      [
        'selection',
        () => ({ documentId: a.documentId, targetType: 'SELECTION', selectionId: b.selectionId }),
        'Selection',
      ],
      [
        'selection over a collection',
        () => ({
          documentId: a.documentId,
          targetType: 'SELECTION',
          selectionId: b.collectionSelectionId,
          toSubprofiles: true,
        }),
        'Selection',
      ],
      ['document', () => ({ documentId: b.documentId, targetType: 'DATABASE', databaseId: a.databaseId }), 'Document'],
    ])('with account B’s %s: 404, nothing created', async (_what, target, noun) => {
      const before = [await mailingsOf(a.accountId), await mailingsOf(b.accountId)];
      const res = await api.request<{ message: string }>('POST', '/mailings', {
        token: marketerA,
        body: { name: 'cross-account', ...target() },
      });
      expect(res.status).toBe(404);
      expect(res.body.message).toContain(noun);
      expect([await mailingsOf(a.accountId), await mailingsOf(b.accountId)]).toEqual(before);
      expect(await db.prisma.mailing.count({ where: { name: 'cross-account' } })).toBe(0);
    });

    it('PATCH of its own mailing to account B’s document: 404, unchanged', async () => {
      const own = await db.prisma.mailing.create({
        data: {
          accountId: a.accountId,
          name: 'draft',
          channel: 'EMAIL',
          documentId: a.documentId,
          targetType: 'DATABASE',
          databaseId: a.databaseId,
        },
      });
      const res = await api.request('PATCH', `/mailings/${own.id}`, {
        token: marketerA,
        body: { documentId: b.documentId },
      });
      expect(res.status).toBe(404);
      expect((await db.prisma.mailing.findUniqueOrThrow({ where: { id: own.id } })).documentId).toBe(a.documentId);
    });
  });

  describe('documents of account B as account A', () => {
    it('GET /documents/:id: 404 and no content of B’s', async () => {
      const res = await api.request<unknown>('GET', `/documents/${b.documentId}`, { token: marketerA });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Secret subject');
      expect((await api.request('GET', `/documents/${a.documentId}`, { token: marketerA })).status).toBe(200);
    });

    it('GET /documents/:id/preview: 404 for B’s document, and for B’s profile in A’s document', async () => {
      const res = await api.request<unknown>('GET', `/documents/${b.documentId}/preview?profileId=${a.profileId}`, {
        token: marketerA,
      });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Secret subject');
      expect(
        (await api.request('GET', `/documents/${a.documentId}/preview?profileId=${b.profileId}`, { token: marketerA }))
          .status,
      ).toBe(404);
      expect(
        (await api.request('GET', `/documents/${a.documentId}/preview?profileId=${a.profileId}`, { token: marketerA }))
          .status,
      ).toBe(200);
    });

    it('PATCH /documents/:id: 404, no new version of B’s document', async () => {
      const res = await api.request('PATCH', `/documents/${b.documentId}`, {
        token: marketerA,
        body: { subject: 'taken over' },
      });
      expect(res.status).toBe(404);
      expect(await db.prisma.documentVersion.count({ where: { documentId: b.documentId } })).toBe(1);
    });

    it('POST /documents/:id/test-mail: 404, nothing sent', async () => {
      const res = await api.request('POST', `/documents/${b.documentId}/test-mail`, {
        token: marketerA,
        body: { profileIds: [a.profileId], to: ['me@example.test'] },
      });
      expect(res.status).toBe(404);
    });
  });
});

describe('roles: only an admin stops a mailing that is sending', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let accountId: number;
  let documentId: number;
  let databaseId: number;
  const tokens: Record<'ADMIN' | 'MARKETER' | 'VIEWER', string> = { ADMIN: '', MARKETER: '', VIEWER: '' };

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false, role: 'ADMIN' });
    ({ db, api, token: tokens.ADMIN } = stack);
    const held = await holdings(db.prisma, stack.accountId);
    ({ accountId, documentId, databaseId } = held);
    for (const role of ['MARKETER', 'VIEWER'] as const) tokens[role] = await stack.userToken(role);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const sending = () =>
    db.prisma.mailing.create({
      data: {
        accountId,
        name: 'running',
        channel: 'EMAIL',
        documentId,
        targetType: 'DATABASE',
        databaseId,
        status: 'SENDING',
      },
    });
  const statusOf = async (id: number) => (await db.prisma.mailing.findUniqueOrThrow({ where: { id } })).status;

  it.each(['MARKETER', 'VIEWER'] as const)(
    'as %s: POST /mailings/:id/stop is 403 and the mailing keeps sending',
    async (role) => {
      const mailing = await sending();
      const res = await api.request<{ message: string }>('POST', `/mailings/${mailing.id}/stop`, {
        token: tokens[role],
      });
      expect(res.status).toBe(403);
      expect(await statusOf(mailing.id)).toBe('SENDING');
    },
  );

  it('as MARKETER: cancel is refused for a sending mailing too (409, only an admin can stop it)', async () => {
    const mailing = await sending();
    const res = await api.request<{ message: string }>('POST', `/mailings/${mailing.id}/cancel`, {
      token: tokens.MARKETER,
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('an admin can stop it');
    expect(await statusOf(mailing.id)).toBe('SENDING');
  });

  it('as ADMIN: POST /mailings/:id/stop stops it', async () => {
    const mailing = await sending();
    const res = await api.request<{ status: string }>('POST', `/mailings/${mailing.id}/stop`, { token: tokens.ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
    expect(await statusOf(mailing.id)).toBe('CANCELLED');
  });
});
