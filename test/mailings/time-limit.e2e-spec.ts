import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingResponse } from '@herald/contracts';
import { acknowledgeWarnings, endedEarly, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

const PROFILES = 300;

describe("a mailing's maximum duration (issue 15)", () => {
  let stack: E2eStack;
  let databaseId: number;

  beforeAll(async () => {
    // A slow send: 600 a minute (10 a second), so most destinations still wait when the time runs out.
    stack = await startE2eStack({ catcher: { maxKept: 1_000 }, config: { SEND_BATCH_SIZE: '100' } });
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

  it('hands nothing over once the time is up; the rest ends not sent, and the report adds up and says why', async () => {
    const { api, token, prisma } = stack;
    const documentId = (
      await api.request<{ id: number }>('POST', '/documents', {
        token,
        body: {
          name: 'Limited',
          fromAddress: 'news@herald.example',
          subject: 'Limited',
          html: '<p>Hello</p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p>',
        },
      })
    ).body.id;
    const created = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: {
        name: 'Limited',
        documentId,
        targetType: 'DATABASE',
        databaseId,
        settings: { maxPerMinute: 600, maxDurationMinutes: 1 },
      },
    });
    expect(created.status).toBe(201);
    const mailingId = created.body.id;
    // As a marketer does in the form's check step: the sender's warnings (no sender domain here) accepted.
    await acknowledgeWarnings(api, token, mailingId);
    const sent = await api.request('POST', `/mailings/${mailingId}/send`, { token });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    await waitFor(
      async () => (await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body,
      (m) => m.status === 'SENDING' && m.progress.sent >= 10,
      { what: 'some messages handed over', timeoutMs: 30_000 },
    );

    // The minute passes: its start moves a minute back instead of the test waiting one out.
    const [moved] = await prisma.$queryRaw<{ startedAt: Date }[]>`
      UPDATE "Mailing" SET "startedAt" = "startedAt" - interval '1 minute' WHERE id = ${mailingId} RETURNING "startedAt"`;
    const startedAt = moved!.startedAt;

    // Sent and cancelled add up to every destination, and nothing more goes after the limit.
    const report = await endedEarly(stack, mailingId, PROFILES, (m) => m.status === 'SENT');
    expect(report.mailing.ended).toEqual({
      how: 'time-limit',
      by: null,
      at: new Date(startedAt.getTime() + 60_000).toISOString(),
    });
  }, 90_000);
});
