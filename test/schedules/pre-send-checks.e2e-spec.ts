import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingResponse, ScheduleResponse } from '@herald/contracts';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

// A schedule's run passes the issue checker (issue 17) with the newest version of its document.
describe('the issue checker on a scheduled run', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let documentId: number;
  let mailingId: number;

  beforeAll(async () => {
    stack = await startE2eStack();
    const { db, accountId } = stack;
    ({ api, token } = stack);
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    // A bulk target by Gmail's measure: without an unsubscribe link its mailing cannot go.
    await db.prisma.profile.createMany({
      data: Array.from({ length: 5000 }, (_, i) => ({
        accountId,
        databaseId,
        email: `r${i}@example.test`,
        values: {},
      })),
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: {
        name: 'Weekly',
        fromAddress: 'news@herald.example',
        subject: 'Weekly news',
        html: '<p>This week at Herald.</p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p>',
      },
    });
    expect(document.status).toBe(201);
    documentId = document.body.id;
    const mailing = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name: 'Weekly', documentId, targetType: 'DATABASE', databaseId },
    });
    expect(mailing.status).toBe(201);
    mailingId = mailing.body.id;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('skips a run whose document lost its unsubscribe link after scheduling, saying why', async () => {
    const startAt = new Date(Date.now() + 3_000).toISOString();
    await acknowledgeWarnings(api, token, mailingId);
    const created = await api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule`, {
      token,
      body: { recurrence: { kind: 'ONCE' }, startAt, timezone: 'UTC' },
    });
    expect(created.status).toBe(201);
    const edit = await api.request('PATCH', `/documents/${documentId}`, {
      token,
      body: { html: '<p>This week at Herald.</p>' },
    });
    expect(edit.status).toBe(200);
    const { runs } = await waitFor(
      async () => (await api.request<ScheduleResponse>('GET', `/mailings/${mailingId}/schedule`, { token })).body,
      (s) => s.runs.length >= 1,
      { timeoutMs: 30_000, what: 'the run of the schedule' },
    );
    expect(runs[0]).toMatchObject({ status: 'SKIPPED', mailingId: null });
    expect(runs[0]!.reason).toMatch(/^blocked by the pre-send checks: The message has no unsubscribe link/);
  });
});
