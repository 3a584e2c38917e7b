import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingCheckResponse as CheckResponse, MailingResponse } from '@herald/contracts';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

// The issue checker's spam rating through the real spamd (scripts/services.sh starts it), and warnings
// that must be acknowledged before a mailing is sent or scheduled (issue 17).
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const CLEAN_HTML =
  '<html><body><p>Hello {{ firstname }}, our autumn collection is here: warm coats, wool scarves and boots ' +
  'made to last, in every shop and online.</p><p><a href="https://www.herald.example/autumn">See the collection</a></p>' +
  '<p><a href="{{ unsubscribe }}">Unsubscribe</a></p></body></html>';
const TEXT = 'Hello {{ firstname }}, our autumn collection is here: warm coats, wool scarves and boots made to last.';

interface ErrorBody {
  message: string;
  issues?: { path: string; message: string }[];
}

describe('the issue checker: spam rating and acknowledged warnings', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let otherToken: string;
  let databaseId: number;

  const check = (id: number, as = token) => api.request<CheckResponse>('POST', `/mailings/${id}/check`, { token: as });
  const acknowledge = (id: number, body: unknown, as = token) =>
    api.request<CheckResponse & ErrorBody>('POST', `/mailings/${id}/check/acknowledgements`, { token: as, body });
  /** Acknowledges whatever warnings the mailing has now. */
  const acknowledgeAll = async (id: number) => {
    const keys = (await check(id)).body.findings.filter((f) => f.severity === 'warning').map((f) => f.key);
    if (keys.length > 0) expect((await acknowledge(id, { keys })).status).toBe(200);
  };
  const draft = async (name: string, document: Record<string, unknown>) => {
    const doc = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name, fromAddress: 'news@herald.example', subject: 'Autumn news', text: TEXT, ...document },
    });
    expect(doc.status).toBe(201);
    const mailing = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name, documentId: doc.body.id, targetType: 'DATABASE', databaseId },
    });
    expect(mailing.status).toBe(201);
    return { documentId: doc.body.id, mailingId: mailing.body.id };
  };

  beforeAll(async () => {
    // Nothing is delivered here: the send is checked and queued, no worker takes it.
    stack = await startE2eStack({ worker: false, catcher: false });
    const { db, accountId } = stack;
    ({ api, token } = stack);
    otherToken = await stack.userToken('MARKETER', await stack.newAccount());
    const database = await db.prisma.database.create({
      data: { accountId, name: 'Customers', fields: { create: [{ accountId, name: 'firstname', type: 'TEXT' }] } },
    });
    databaseId = database.id;
    await db.prisma.profile.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        accountId,
        databaseId,
        email: `p${i}@example.test`,
        values: { firstname: `P${i}` },
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('rates GTUBE with SpamAssassin at the top, blocks the send, and lets the cleaned document go', async () => {
    const { documentId, mailingId } = await draft('GTUBE', { html: CLEAN_HTML.replace('</p>', ` ${GTUBE}</p>`) });
    const spam = await check(mailingId);
    expect(spam.status).toBe(200);
    expect(spam.body.spamRating, 'spamd must answer on 127.0.0.1:783 (scripts/services.sh starts it)').toMatchObject({
      source: 'spamassassin',
      note: null,
    });
    expect(spam.body.spamRating!.score).toBeGreaterThanOrEqual(1000);
    expect(spam.body.spamRating!.rules).toContainEqual(expect.objectContaining({ name: 'GTUBE', score: 1000 }));
    expect(spam.body.blocking).toBe(true);
    const error = spam.body.findings.find((f) => f.code === 'spam-score-too-high');
    expect(error).toMatchObject({ severity: 'error', acknowledged: null });
    expect(error!.fix).toMatch(/GTUBE \(\+1000\): Remove the GTUBE test string/);
    // An error cannot be acknowledged away.
    expect((await acknowledge(mailingId, { keys: [error!.key] })).status).toBe(400);

    const refused = await api.request<ErrorBody>('POST', `/mailings/${mailingId}/send`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.issues).toContainEqual({
      path: 'html',
      message: expect.stringMatching(
        /^spam-score-too-high: SpamAssassin rates the message 10\d\d/,
      ) as unknown as string,
    });

    expect((await api.request('PATCH', `/documents/${documentId}`, { token, body: { html: CLEAN_HTML } })).status).toBe(
      200,
    );
    const clean = await check(mailingId);
    expect(clean.body.spamRating).toMatchObject({ source: 'spamassassin' });
    expect(clean.body.spamRating!.score).toBeLessThanOrEqual(3);
    expect(clean.body.findings.filter((f) => f.severity === 'error')).toEqual([]);
    await acknowledgeAll(mailingId);
    const sent = await api.request<MailingResponse>('POST', `/mailings/${mailingId}/send`, { token });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  });

  it('holds a warning until a user acknowledges it for this version of the document, and stores who and when', async () => {
    const html = CLEAN_HTML.replace('</p>', '</p><img src="https://cdn.herald.example/coat.jpg">');
    const { documentId, mailingId } = await draft('Image', { html });
    const before = await check(mailingId);
    const warning = before.body.findings.find((f) => f.code === 'image-without-alt')!;
    expect(warning).toMatchObject({
      severity: 'warning',
      acknowledged: null,
      key: 'image-without-alt|html:1 https://cdn.herald.example/coat.jpg',
    });
    expect(before.body.blocking).toBe(true);

    const refused = await api.request<ErrorBody>('POST', `/mailings/${mailingId}/send`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cannot be sent: the issue checker found \d+ unacknowledged warning\(s\)/);
    expect(refused.body.issues).toContainEqual({
      path: 'html:1 https://cdn.herald.example/coat.jpg',
      message: expect.stringMatching(/^image-without-alt \(not acknowledged\): /) as unknown as string,
    });

    const acknowledged = await acknowledge(mailingId, { keys: [warning.key] });
    expect(acknowledged.status).toBe(200);
    const after = acknowledged.body.findings.find((f) => f.key === warning.key)!;
    expect(after.acknowledged).toEqual({
      by: expect.any(Number) as unknown as number,
      at: expect.any(String) as unknown as string,
    });
    const stored = await stack.db.prisma.checkAcknowledgement.findMany({ where: { mailingId } });
    expect(stored).toEqual([
      expect.objectContaining({
        findingKey: warning.key,
        message: warning.message,
        acknowledgedBy: after.acknowledged!.by,
      }),
    ]);

    // A new version of the document asks again.
    expect(
      (await api.request('PATCH', `/documents/${documentId}`, { token, body: { subject: 'Autumn news, again' } }))
        .status,
    ).toBe(200);
    const again = await check(mailingId);
    expect(again.body.findings.find((f) => f.key === warning.key)?.acknowledged).toBeNull();
    await acknowledgeAll(mailingId);
    expect((await check(mailingId)).body.blocking).toBe(false);
    expect((await api.request('POST', `/mailings/${mailingId}/send`, { token })).status).toBe(202);
  });

  it('refuses to activate a schedule with an unacknowledged warning', async () => {
    const { mailingId } = await draft('Scheduled', { html: CLEAN_HTML.replace('https://www', 'http://www') });
    const body = {
      recurrence: { kind: 'ONCE' },
      startAt: new Date(Date.now() + 3_600_000).toISOString(),
      timezone: 'UTC',
    };
    const refused = await api.request<ErrorBody>('POST', `/mailings/${mailingId}/schedule`, { token, body });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cannot be scheduled/);
    expect(refused.body.issues).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/^insecure-link \(not acknowledged\)/) as unknown as string,
      }),
    );
    await acknowledgeAll(mailingId);
    expect((await api.request('POST', `/mailings/${mailingId}/schedule`, { token, body })).status).toBe(201);
  });

  it('refuses malformed, oversized, unknown and foreign acknowledgements', async () => {
    const { mailingId } = await draft('Rules', { html: CLEAN_HTML.replace('https://www', 'http://www') });
    const key = (await check(mailingId)).body.findings.find((f) => f.code === 'insecure-link')!.key;
    expect((await acknowledge(mailingId, {})).status).toBe(400);
    expect((await acknowledge(mailingId, { keys: [] })).status).toBe(400);
    expect((await acknowledge(mailingId, { keys: [key], extra: 1 })).status).toBe(400);
    expect((await acknowledge(mailingId, { keys: Array.from({ length: 501 }, () => key) })).status).toBe(400);
    expect((await acknowledge(mailingId, { keys: ['x'.repeat(2001)] })).status).toBe(400);
    const unknown = await acknowledge(mailingId, { keys: [key, 'no-such-warning|html'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues).toEqual([
      { path: 'keys', message: `"no-such-warning|html" is not a warning of mailing ${mailingId} now` },
    ]);
    expect((await acknowledge(Number('1e6'), { keys: [key] })).status).toBe(404);
    expect(
      (await api.request('POST', '/mailings/abc/check/acknowledgements', { token, body: { keys: [key] } })).status,
    ).toBe(400);
    const foreign = await acknowledge(mailingId, { keys: [key] }, otherToken);
    expect(foreign.status).toBe(404);
    expect(await stack.db.prisma.checkAcknowledgement.count({ where: { mailingId } })).toBe(0);
  });

  it('checks an SMS mailing’s text and an empty target', async () => {
    const doc = await api.request<{ id: number }>('POST', '/documents/text', {
      token,
      body: { name: 'Text', channel: 'SMS', body: 'Our sale starts “today”' },
    });
    expect(doc.status).toBe(201);
    const mailing = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name: 'SMS', documentId: doc.body.id, targetType: 'DATABASE', databaseId },
    });
    const result = await check(mailing.body.id);
    expect(result.status).toBe(200);
    expect(result.body.spamRating).toBeNull();
    // Nobody in the database has a mobile number.
    expect(result.body.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(
      expect.arrayContaining(['warning:sms-unicode', 'warning:sms-no-opt-out', 'error:empty-target']),
    );
  });
});
