import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEventResponse, ProfileHistoryResponse } from '@herald/contracts';
import { caughtMail, sendMailing, startE2eStack, waitFor, type CaughtMail, type E2eStack } from '../support/e2e';

/**
 * Issue 14 through the real inbound path: a bounce whose Status field says "user unknown" but whose
 * diagnostic says our IP is on a block list is the sender's problem (the profile stays enabled and its
 * soft errors in a row do not grow); a user unknown at RCPT TO disables the profile at once. The
 * reason and the action are stored with the error and shown in the report's errors and the profile's history.
 */
describe('bounce reasons, through the inbound SMTP server', () => {
  let stack: E2eStack;
  let databaseId: number;
  let mailingId: number;
  let mail: CaughtMail;

  const profileOf = (who: string) =>
    stack.prisma.profile.findFirstOrThrow({
      where: { databaseId, email: `${who}@example.test` },
      select: { id: true, softErrorStreak: true, disabledAt: true, disabledReason: true },
    });

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    const { accountId } = stack;
    databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await stack.prisma.profile.createMany({
      data: ['listed', 'gone'].map((name) => ({ accountId, databaseId, email: `${name}@example.test` })),
    });
    ({ mailingId } = await sendMailing(stack, { document: { html: '<p>Hello</p>' }, target: { databaseId } }));
    mail = await caughtMail(stack.catcher);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('holds a block list against us, not against the recipient, and disables an unknown user', async () => {
    await stack.prisma.profile.updateMany({ where: { databaseId }, data: { softErrorStreak: 2 } });
    // The Status field says 5.1.1; the server's own words say our IP is blocked: the words decide.
    await stack.bounce(
      mail.message('listed'),
      '5.1.1',
      '550 5.7.1 Service unavailable; client host [198.51.100.7] blocked using zen.spamhaus.org (IP address blacklisted)',
    );
    await stack.bounce(
      mail.message('gone'),
      '5.1.1',
      '550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)',
    );

    const events = await waitFor(
      () =>
        stack.prisma.event.findMany({
          where: { mailingId, type: 'ERROR' },
          orderBy: { id: 'asc' },
          select: { errorKind: true, errorCode: true, errorReason: true, destination: { select: { address: true } } },
        }),
      (found) => found.length >= 2,
    );
    expect(events.map((e) => ({ ...e, destination: e.destination.address }))).toEqual([
      { destination: 'listed@example.test', errorKind: 'SOFT', errorCode: 'sender:5.7.1', errorReason: 'blocked' },
      { destination: 'gone@example.test', errorKind: 'HARD', errorCode: '5.1.1', errorReason: 'userunknown' },
    ]);

    expect(await profileOf('listed')).toMatchObject({ softErrorStreak: 2, disabledAt: null, disabledReason: null });
    const gone = await waitFor(
      () => profileOf('gone'),
      (p) => p.disabledAt !== null,
    );
    expect(gone.disabledReason).toMatch(/^hard error: 5\.1\.1/);
    const destination = await stack.prisma.destination.findFirstOrThrow({
      where: { mailingId, address: 'gone@example.test' },
      select: { lastErrorKind: true, lastErrorReason: true },
    });
    expect(destination).toEqual({ lastErrorKind: 'HARD', lastErrorReason: 'userunknown' });
  });

  it('shows the reason and the action in the errors tab and in the profile history', async () => {
    const errors = await stack.api.request<{ items: ErrorEventResponse[] }>(
      'GET',
      `/mailings/${mailingId}/report/errors`,
      { token: stack.token },
    );
    expect(errors.status).toBe(200);
    expect(
      errors.body.items.map(({ destination, reason, action }) => ({ address: destination.address, reason, action })),
    ).toEqual([
      { address: 'listed@example.test', reason: 'blocked', action: 'sender-side' },
      { address: 'gone@example.test', reason: 'userunknown', action: 'hard' },
    ]);

    const listed = await profileOf('listed');
    const history = await stack.api.request<ProfileHistoryResponse>('GET', `/profiles/${listed.id}/history`, {
      token: stack.token,
    });
    expect(history.status).toBe(200);
    const errorEvents = history.body.mailings.items.flatMap((entry) => entry.events).filter((e) => e.type === 'ERROR');
    expect(errorEvents.map((e) => e.error)).toEqual([
      expect.objectContaining({ reason: 'blocked', action: 'sender-side', code: 'sender:5.7.1' }),
    ]);
  });
});
