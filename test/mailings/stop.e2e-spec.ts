import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogPageResponse, MailingResponse } from '@herald/contracts';
import {
  acknowledgeWarnings,
  endedEarly,
  mailingInStatus,
  startE2eStack,
  waitFor,
  type E2eStack,
} from '../support/e2e';

const PROFILES = 300;

describe('cancel and stop of a mailing that is sending (issue 15)', () => {
  let stack: E2eStack;
  let admin: { id: number; token: string };
  let databaseId: number;

  beforeAll(async () => {
    // A slow send: 600 a minute (10 a second), so a stop lands while most destinations still wait.
    stack = await startE2eStack({ catcher: { maxKept: 1_000 }, config: { SEND_BATCH_SIZE: '100' } });
    admin = await stack.newUser('ADMIN');
    const { prisma, accountId } = stack;
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Customers' } })).id;
    await prisma.profile.createMany({
      data: Array.from({ length: PROFILES }, (_, i) => ({
        accountId,
        databaseId,
        email: `p${i}@example.test`,
        values: {},
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** A mailing to every profile, sent by the stack's marketer, read once it has handed some over. */
  async function sendingMailing(name: string): Promise<number> {
    const { api, token } = stack;
    const documentId = (
      await api.request<{ id: number }>('POST', '/documents', {
        token,
        body: { name, fromAddress: 'news@herald.example', subject: name, html: '<p>Hello</p>' },
      })
    ).body.id;
    const mailingId = (
      await api.request<{ id: number }>('POST', '/mailings', {
        token,
        body: { name, documentId, targetType: 'DATABASE', databaseId, settings: { maxPerMinute: 600 } },
      })
    ).body.id;
    await acknowledgeWarnings(api, token, mailingId);
    expect((await api.request('POST', `/mailings/${mailingId}/send`, { token })).status).toBe(202);
    await waitFor(
      async () => (await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body,
      (m) => m.status === 'SENDING' && m.progress.sent >= 10,
      { what: 'some messages handed over', timeoutMs: 30_000 },
    );
    return mailingId;
  }

  it("refuses a marketer's cancel of a sending mailing with 409 and why; an admin's stop sends nothing more and the report adds up", async () => {
    const { api, token } = stack;
    const mailingId = await sendingMailing('Stopped');

    const refused = await api.request<{ message: string }>('POST', `/mailings/${mailingId}/cancel`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/SENDING and cannot be cancelled; an admin can stop it/);
    // A marketer cannot stop it either.
    expect((await api.request('POST', `/mailings/${mailingId}/stop`, { token })).status).toBe(403);

    const stopped = await api.request<MailingResponse>('POST', `/mailings/${mailingId}/stop`, {
      token: admin.token,
    });
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('CANCELLED');

    // Sent and cancelled add up to every destination, and nothing more goes after the stop.
    const report = await endedEarly(stack, mailingId, PROFILES, () => true);
    expect(report.mailing.ended).toEqual({ how: 'stopped', by: 'Test ADMIN', at: expect.any(String) });
    const mailing = await stack.prisma.mailing.findUniqueOrThrow({ where: { id: mailingId } });
    expect(mailing.cancelledBy).toBe(admin.id);
    const log = await api.request<AuditLogPageResponse>(
      'GET',
      `/audit-log?action=mailing.stopped&subjectId=${mailingId}`,
      {
        token: admin.token,
      },
    );
    expect(log.body.items).toMatchObject([{ user: { id: admin.id }, subjectType: 'mailing', subjectId: mailingId }]);
  }, 90_000);

  it('lets a marketer cancel what has not started, and says a finished mailing has nothing to stop', async () => {
    const { api, token } = stack;
    const documentId = (
      await api.request<{ id: number }>('POST', '/documents', {
        token,
        body: { name: 'Draft', fromAddress: 'news@herald.example', subject: 'Draft', html: '<p>Hi</p>' },
      })
    ).body.id;
    const draft = (
      await api.request<{ id: number }>('POST', '/mailings', {
        token,
        body: { name: 'Draft', documentId, targetType: 'DATABASE', databaseId },
      })
    ).body.id;
    const cancelled = await api.request<MailingResponse>('POST', `/mailings/${draft}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const again = await api.request<{ message: string }>('POST', `/mailings/${draft}/stop`, { token: admin.token });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/nothing to stop/);
    await mailingInStatus(stack, draft, 'CANCELLED');
  });
});
