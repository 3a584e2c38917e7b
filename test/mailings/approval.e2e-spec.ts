import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogPageResponse, MailingApprovalResponse, PendingApprovalsResponse } from '@herald/contracts';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, type E2eStack } from '../support/e2e';

interface ErrorBody {
  message: string;
  issues?: { path: string; message: string }[];
}

describe('approval of mailings and the audit log (issue 15)', () => {
  let stack: E2eStack;
  let author: { id: number; token: string };
  let approver: { id: number; token: string };
  let databaseId: number;

  beforeAll(async () => {
    stack = await startE2eStack();
    author = await stack.newUser('ADMIN');
    approver = await stack.newUser('ADMIN');
    const { prisma, accountId } = stack;
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Customers' } })).id;
    await prisma.profile.createMany({
      data: [1, 2].map((i) => ({ accountId, databaseId, email: `p${i}@example.test`, values: {} })),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function draft(token: string, name: string): Promise<number> {
    const { api } = stack;
    const documentId = (
      await api.request<{ id: number }>('POST', '/documents', {
        token,
        body: { name, fromAddress: 'news@herald.example', subject: name, html: '<p>Hello</p>' },
      })
    ).body.id;
    return (
      await api.request<{ id: number }>('POST', '/mailings', {
        token,
        body: { name, documentId, targetType: 'DATABASE', databaseId },
      })
    ).body.id;
  }

  const decide = (id: number, token: string, body: unknown) =>
    stack.api.request<MailingApprovalResponse & ErrorBody>('POST', `/mailings/${id}/approval/decision`, {
      token,
      body,
    });

  it('is off by default, and only an ADMIN turns it on, with a boolean', async () => {
    const { api, token } = stack;
    expect((await api.request('GET', '/settings/approval', { token })).body).toEqual({ approvalRequired: false });
    expect((await api.request('PUT', '/settings/approval', { token, body: { approvalRequired: true } })).status).toBe(
      403,
    );
    const malformed = await api.request<ErrorBody>('PUT', '/settings/approval', {
      token: author.token,
      body: { approvalRequired: 'yes' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues?.[0]?.path).toBe('approvalRequired');
    const on = await api.request('PUT', '/settings/approval', {
      token: author.token,
      body: { approvalRequired: true },
    });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ approvalRequired: true });
  });

  it('sends nothing until an ADMIN other than the author approves; a rejection says why', async () => {
    const { api, token } = stack;
    const id = await draft(author.token, 'Needs approval');
    await acknowledgeWarnings(api, author.token, id);
    const send = () => api.request<ErrorBody>('POST', `/mailings/${id}/send`, { token: author.token });

    let refused = await send();
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(
      /needs the approval of an ADMIN other than its author.*request approval first/,
    );

    const requested = await api.request<MailingApprovalResponse>('POST', `/mailings/${id}/approval/request`, {
      token: author.token,
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ required: true, state: 'requested' });
    refused = await send();
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/still open/);

    const pending = await api.request<PendingApprovalsResponse>('GET', '/approvals/pending', { token: approver.token });
    expect(pending.body.items).toEqual([
      expect.objectContaining({ mailing: expect.objectContaining({ id }), authorId: author.id }),
    ]);
    expect((await api.request('GET', '/approvals/pending', { token })).status).toBe(403);
    const self = await decide(id, author.token, { decision: 'APPROVED' });
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/You created Mailing \d+, so you cannot approve or reject it/);
    expect((await decide(id, token, { decision: 'APPROVED' })).status).toBe(403); // a marketer

    const noReason = await decide(id, approver.token, { decision: 'REJECTED' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues).toEqual([{ path: 'comment', message: 'is required to reject' }]);
    expect((await decide(id, approver.token, { decision: 'MAYBE' })).status).toBe(400);
    expect((await decide(id, approver.token, { decision: 'APPROVED', comment: 'x'.repeat(2_001) })).status).toBe(400);

    const rejected = await decide(id, approver.token, { decision: 'REJECTED', comment: 'Wrong subject' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.state).toBe('rejected');
    expect(rejected.body.history[0]).toMatchObject({
      decision: 'REJECTED',
      decidedBy: approver.id,
      comment: 'Wrong subject',
    });
    expect((await send()).body.message).toMatch(/rejected/);
    expect((await decide(id, approver.token, { decision: 'APPROVED' })).status).toBe(409); // no open request

    await api.request('POST', `/mailings/${id}/approval/request`, { token });
    const approved = await decide(id, approver.token, { decision: 'APPROVED', comment: 'Fine now' });
    expect(approved.body.state).toBe('approved');
    expect((await send()).status).toBe(202);
    await mailingInStatus(stack, id, 'SENT', { timeoutMs: 60_000 });
    expect(stack.catcher.messages().length).toBe(2);
  }, 90_000);

  it('takes an approval back when the mailing is edited afterwards', async () => {
    const { api, token } = stack;
    const id = await draft(token, 'Edited');
    await api.request('POST', `/mailings/${id}/approval/request`, { token });
    expect((await decide(id, approver.token, { decision: 'APPROVED' })).body.state).toBe('approved');
    expect((await api.request('PATCH', `/mailings/${id}`, { token, body: { name: 'Edited again' } })).status).toBe(200);
    const approval = await api.request<MailingApprovalResponse>('GET', `/mailings/${id}/approval`, { token });
    expect(approval.body.state).toBe('not-requested');
    expect((await api.request('POST', `/mailings/${id}/send`, { token })).status).toBe(409);
  });

  it("answers 404 for another account's mailing and 400 for a malformed id", async () => {
    const { api } = stack;
    const otherAccount = await stack.newAccount();
    const stranger = await stack.newUser('ADMIN', otherAccount);
    const ours = await draft(stack.token, 'Ours');
    expect((await api.request('GET', `/mailings/${ours}/approval`, { token: stranger.token })).status).toBe(404);
    expect((await api.request('POST', `/mailings/${ours}/approval/request`, { token: stranger.token })).status).toBe(
      404,
    );
    expect((await decide(ours, stranger.token, { decision: 'APPROVED' })).status).toBe(404);
    expect((await api.request('GET', '/mailings/abc/approval', { token: stranger.token })).status).toBe(400);
    // Nor does the stranger's audit log show anything of ours.
    const theirs = await api.request<AuditLogPageResponse>('GET', '/audit-log', { token: stranger.token });
    expect(theirs.body.items).toEqual([]);
  });

  it('records who requested, approved, rejected, sent and changed what in an audit log only ADMINs read', async () => {
    const { api, token } = stack;
    expect((await api.request('GET', '/audit-log', { token })).status).toBe(403);
    const log = await api.request<AuditLogPageResponse>('GET', '/audit-log?pageSize=200', { token: approver.token });
    expect(log.status).toBe(200);
    const actions = log.body.items.map((e) => e.action);
    for (const action of [
      'approval.setting-changed',
      'approval.requested',
      'approval.rejected',
      'approval.approved',
      'mailing.sent',
      'mailing.changed',
    ])
      expect(actions).toContain(action);
    const rejections = await api.request<AuditLogPageResponse>('GET', '/audit-log?action=approval.rejected', {
      token: approver.token,
    });
    expect(rejections.body.total).toBe(1);
    expect(rejections.body.items[0]).toMatchObject({
      user: { id: approver.id, name: 'Test ADMIN' },
      subjectType: 'mailing',
      detail: { comment: 'Wrong subject' },
    });
    for (const bad of ['action=deleted', 'subjectId=abc', 'pageSize=1000', 'from=yesterday'])
      expect((await api.request('GET', `/audit-log?${bad}`, { token: approver.token })).status).toBe(400);
  });
});
