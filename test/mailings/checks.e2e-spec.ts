import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingCheckResponse as CheckResponse, MailingResponse } from '@herald/contracts';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, startE2eStack, type E2eStack } from '../support/e2e';

// The issue checker (issue 17): POST /mailings/:id/check, and the send refusing what it blocks.
describe('the issue checker before a mailing is sent', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let otherToken: string;
  let documentId: number;
  let mailingId: number;

  const NO_UNSUBSCRIBE = '<html><body><p>Hello {{ firstname }}, our autumn news.</p></body></html>';

  beforeAll(async () => {
    // Nothing is delivered here: the send is checked and queued, no worker takes it.
    stack = await startE2eStack({ worker: false, catcher: false });
    const { db, accountId } = stack;
    ({ api, token } = stack);
    otherToken = await stack.userToken('MARKETER', await stack.newAccount());
    const database = await db.prisma.database.create({
      data: { accountId, name: 'Customers', fields: { create: [{ accountId, name: 'firstname', type: 'TEXT' }] } },
    });
    // 5,000 recipients: a bulk send by Gmail's measure, which must carry an unsubscribe link.
    await db.prisma.profile.createMany({
      data: Array.from({ length: 5000 }, (_, i) => ({
        accountId,
        databaseId: database.id,
        email: `p${i}@example.test`,
        values: { firstname: `P${i}` },
      })),
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name: 'Autumn', fromAddress: 'news@herald.example', subject: 'Autumn news', html: NO_UNSUBSCRIBE },
    });
    expect(document.status).toBe(201);
    documentId = document.body.id;
    const mailing = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name: 'Autumn', documentId, targetType: 'DATABASE', databaseId: database.id },
    });
    expect(mailing.status).toBe(201);
    mailingId = mailing.body.id;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists a missing unsubscribe link as a blocking finding, and the send refuses with 409 and the finding', async () => {
    const check = await api.request<CheckResponse>('POST', `/mailings/${mailingId}/check`, { token });
    expect(check.status).toBe(200);
    expect(check.body.blocking).toBe(true);
    expect(check.body.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'missing-unsubscribe-link', where: { part: 'html' } }),
    ]);
    expect(check.body.findings.find((f) => f.code === 'missing-unsubscribe-link')?.fix).toContain('{{ unsubscribe }}');

    // The warnings (the sender's among them: no sender domain here) are accepted; the error still holds.
    await acknowledgeWarnings(api, token, mailingId);
    const send = await api.request<{ message: string; issues: { path: string; message: string }[] }>(
      'POST',
      `/mailings/${mailingId}/send`,
      { token },
    );
    expect(send.status).toBe(409);
    expect(send.body.message).toContain('no unsubscribe link');
    expect(send.body.issues).toEqual([
      { path: 'html', message: expect.stringMatching(/^missing-unsubscribe-link: /) as unknown as string },
    ]);
    const mailing = await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token });
    expect(mailing.body.status).toBe('DRAFT');
  });

  it('sends the mailing once its document has an unsubscribe link', async () => {
    const fixed = NO_UNSUBSCRIBE.replace('</p>', '</p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p>');
    const edit = await api.request('PATCH', `/documents/${documentId}`, { token, body: { html: fixed } });
    expect(edit.status).toBe(200);
    // Acknowledgements are per document version: the edited one's warnings are accepted anew.
    await acknowledgeWarnings(api, token, mailingId);
    const check = await api.request<CheckResponse>('POST', `/mailings/${mailingId}/check`, { token });
    expect(check.status).toBe(200);
    expect(check.body.blocking).toBe(false);
    expect(check.body.findings.map((f) => f.code)).not.toContain('missing-unsubscribe-link');
    const send = await api.request<MailingResponse>('POST', `/mailings/${mailingId}/send`, { token });
    expect(send.status).toBe(202);
    expect(send.body.status).not.toBe('DRAFT');
  });

  it('answers 400 for a malformed id and 404 for another account’s mailing', async () => {
    const malformed = await api.request<{ message: string }>('POST', '/mailings/abc/check', { token });
    expect(malformed.status).toBe(400);
    const foreign = await api.request<{ message: string }>('POST', `/mailings/${mailingId}/check`, {
      token: otherToken,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toContain(`Mailing ${mailingId}`);
  });
});
