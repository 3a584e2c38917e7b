import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountTimeZoneResponse, ScheduleResponse } from '@herald/contracts';
import { acknowledgeWarnings, startE2eStack, type E2eStack } from '../support/e2e';

/** The account's IANA time zone (issue 15): read by anyone of the account, set by its ADMINs, used by new schedules. */
describe("the account's time zone", () => {
  let stack: E2eStack;
  let admin: string;

  beforeAll(async () => {
    stack = await startE2eStack();
    admin = (await stack.newUser('ADMIN')).token;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const read = (token: string) => stack.api.request<AccountTimeZoneResponse>('GET', '/settings/timezone', { token });
  const write = (token: string, body: unknown) =>
    stack.api.request<AccountTimeZoneResponse & { message?: string }>('PUT', '/settings/timezone', { token, body });

  it('is Europe/Amsterdam at first, set by an ADMIN, and the zone of a schedule that names none', async () => {
    const { api, token, prisma, accountId } = stack;
    expect((await read(token)).body).toEqual({ timezone: 'Europe/Amsterdam' });

    const set = await write(admin, { timezone: 'america/new_york' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ timezone: 'America/New_York' });
    expect((await read(token)).body).toEqual({ timezone: 'America/New_York' });

    const databaseId = (await prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await prisma.profile.create({ data: { accountId, databaseId, email: 'reader@example.test', values: {} } });
    const documentId = (
      await api.request<{ id: number }>('POST', '/documents', {
        token,
        body: {
          name: 'Zoned',
          fromAddress: 'news@herald.example',
          subject: 'Zoned',
          html: '<p>Hi</p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p>',
        },
      })
    ).body.id;
    const mailingId = (
      await api.request<{ id: number }>('POST', '/mailings', {
        token,
        body: { name: 'Zoned', documentId, targetType: 'DATABASE', databaseId },
      })
    ).body.id;
    // As a marketer does in the form's check step: the sender's warnings (no sender domain here) accepted.
    await acknowledgeWarnings(api, token, mailingId);
    const scheduled = await api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule`, {
      token,
      body: { recurrence: { kind: 'DAILY' }, startAt: '2030-01-07T09:00' },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    expect(scheduled.body.timezone).toBe('America/New_York');
    // 09:00 in New York in January is 14:00 UTC.
    expect(scheduled.body.nextRunAt).toBe('2030-01-07T14:00:00.000Z');
  });

  it('refuses what is not an IANA zone, malformed and oversized bodies with 400 saying why, and a marketer with 403', async () => {
    const mars = await write(admin, { timezone: 'Mars/Olympus' });
    expect(mars.status).toBe(400);
    expect(mars.body.message).toBe(
      `The account's timezone "Mars/Olympus" is not an IANA time zone such as Europe/Amsterdam`,
    );
    for (const body of [
      {},
      { timezone: 42 },
      { timezone: '' },
      { timezone: 'Europe/'.padEnd(65, 'x') },
      'Europe/Paris',
    ]) {
      const res = await write(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/timezone|body|Expected/i);
    }
    expect((await write(stack.token, { timezone: 'Europe/Paris' })).status).toBe(403);
    expect((await stack.api.request('GET', '/settings/timezone')).status).toBe(401);
    expect((await read(stack.token)).body).toEqual({ timezone: 'America/New_York' });
  });

  it("sets only the ADMIN's own account", async () => {
    const other = await stack.newAccount('Other');
    const otherAdmin = (await stack.newUser('ADMIN', other)).token;
    expect((await write(otherAdmin, { timezone: 'Asia/Tokyo' })).body).toEqual({ timezone: 'Asia/Tokyo' });
    expect((await read(stack.token)).body).toEqual({ timezone: 'America/New_York' });
    expect((await read(otherAdmin)).body).toEqual({ timezone: 'Asia/Tokyo' });
  });
});
