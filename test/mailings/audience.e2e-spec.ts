import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingAudienceResponse, MailingResponse } from '@herald/contracts';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, type E2eStack } from '../support/e2e';

// GET /mailings/:id/audience: the send step's "Send to N recipients (M left out: …)", counted as dispatch suppresses.
describe('a mailing’s audience before it is sent', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let token: string;
  let otherToken: string;
  let accountId: number;
  let databaseId: number;
  let documentId: number;

  const create = async (body: Record<string, unknown>): Promise<MailingResponse> => {
    const res = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name: 'Audience', documentId, ...body },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const audience = async (id: number, as = token) =>
    api.request<MailingAudienceResponse>('GET', `/mailings/${id}/audience`, { token: as });

  beforeAll(async () => {
    stack = await startE2eStack({ config: { SEND_RETRY_DELAY_MS: '50' } });
    ({ db, api, token, accountId } = stack);
    otherToken = await stack.userToken('MARKETER', await stack.newAccount());

    const database = await db.prisma.database.create({
      data: { accountId, name: 'Customers', fields: { create: [{ accountId, name: 'city', type: 'TEXT' }] } },
    });
    databaseId = database.id;
    const profile = (email: string | null, city: string, extra: Record<string, unknown> = {}) => ({
      accountId,
      databaseId,
      email,
      values: { city },
      ...extra,
    });
    await db.prisma.profile.createMany({
      data: [
        profile('ann@example.test', 'Utrecht'),
        profile('bob@example.test', 'Utrecht'),
        // The same address in another case: sent once when duplicates are skipped.
        profile('ANN@example.test', 'Delft'),
        profile('cas@example.test', 'Delft'),
        profile('gone1@example.test', 'Utrecht', { unsubscribedAt: new Date() }),
        profile('gone2@example.test', 'Delft', { unsubscribedAt: new Date() }),
        // Unsubscribed and disabled: counted once, as unsubscribed (dispatch's order).
        profile('gone3@example.test', 'Delft', { unsubscribedAt: new Date(), disabledAt: new Date() }),
        profile('off@example.test', 'Utrecht', { disabledAt: new Date(), disabledReason: 'hard bounce' }),
        profile(null, 'Utrecht'),
        profile('   ', 'Delft'),
        profile('not-an-address', 'Utrecht'),
        profile('deleted@example.test', 'Utrecht', { deletedAt: new Date() }),
      ],
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name: 'News', fromAddress: 'news@herald.test', subject: 'News', html: '<p>Hello</p>' },
    });
    expect(document.status).toBe(201);
    documentId = document.body.id;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts who a database mailing reaches and who it leaves out, and why', async () => {
    const mailing = await create({ targetType: 'DATABASE', databaseId });
    const res = await audience(mailing.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      recipients: 3,
      suppressed: { unsubscribed: 3, disabled: 1, noAddress: 2, invalidAddress: 1, duplicates: 1 },
    });
  });

  it('counts a duplicate address as a recipient when the mailing sends to each profile', async () => {
    const mailing = await create({ targetType: 'DATABASE', databaseId, settings: { skipDuplicates: false } });
    const res = await audience(mailing.id);
    expect(res.body.recipients).toBe(4);
    expect(res.body.suppressed.duplicates).toBe(0);
  });

  it('counts a selection’s matches only, and follows a change of target made while it is a draft', async () => {
    const selection = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token,
      body: {
        name: 'Utrecht',
        conditions: { op: 'AND', conditions: [{ field: 'city', operator: 'equals', value: 'Utrecht' }] },
      },
    });
    expect(selection.status).toBe(201);
    const mailing = await create({ targetType: 'SELECTION', selectionId: selection.body.id });
    expect((await audience(mailing.id)).body).toEqual({
      recipients: 2,
      suppressed: { unsubscribed: 1, disabled: 1, noAddress: 1, invalidAddress: 1, duplicates: 0 },
    });
    const edited = await api.request<MailingResponse>('PATCH', `/mailings/${mailing.id}`, {
      token,
      body: { targetType: 'DATABASE', databaseId },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ targetType: 'DATABASE', selectionId: null });
    expect((await audience(mailing.id)).body.recipients).toBe(3);
  });

  it('predicts what dispatch then writes', async () => {
    const mailing = await create({ targetType: 'DATABASE', databaseId });
    const before = (await audience(mailing.id)).body;
    await acknowledgeWarnings(api, token, mailing.id);
    expect((await api.request('POST', `/mailings/${mailing.id}/send`, { token })).status).toBe(202);
    const sent = await mailingInStatus(stack, mailing.id, 'SENT', { timeoutMs: 60_000, intervalMs: 200 });
    const suppressed = Object.values(before.suppressed).reduce((a, b) => a + b, 0);
    expect(sent.progress).toMatchObject({ sent: before.recipients, suppressed });
  });

  it('counts a target before the mailing is saved, for the form’s live count', async () => {
    const res = await api.request<MailingAudienceResponse>('POST', '/mailings/audience', {
      token,
      body: { targetType: 'DATABASE', databaseId, skipDuplicates: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.recipients).toBe(4);
    const missing = await api.request<{ issues: Array<{ path: string }> }>('POST', '/mailings/audience', {
      token,
      body: { targetType: 'DATABASE' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.issues.map((i) => i.path)).toContain('databaseId');
    const foreign = await api.request('POST', '/mailings/audience', {
      token: otherToken,
      body: { targetType: 'DATABASE', databaseId },
    });
    expect(foreign.status).toBe(404);
  });

  it('is not found for another account’s mailing, and a malformed id is refused', async () => {
    const mailing = await create({ targetType: 'DATABASE', databaseId });
    expect((await audience(mailing.id, otherToken)).status).toBe(404);
    const malformed = await api.request<{ message: string }>('GET', '/mailings/abc/audience', { token });
    expect(malformed.status).toBe(400);
  });
});
