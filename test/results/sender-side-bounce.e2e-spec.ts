import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtMail, sendMailing, startE2eStack, waitFor, type CaughtMail, type E2eStack } from '../support/e2e';

/**
 * A bounce message about us (5.7.x: the receiving server did not accept our authentication) is an error
 * of the message but says nothing of the recipient: it neither disables the address nor counts towards
 * its soft errors in a row. A mailbox-full bounce beside it does, so the run is seen to move at all.
 */
describe('bounce messages about the sender, through the inbound SMTP server', () => {
  let stack: E2eStack;
  let databaseId: number;
  let mailingId: number;
  let mail: CaughtMail;

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    const { accountId } = stack;
    databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await stack.prisma.profile.createMany({
      data: ['policy', 'full'].map((name) => ({ accountId, databaseId, email: `${name}@example.test` })),
    });
    ({ mailingId } = await sendMailing(stack, { document: { html: '<p>Hello</p>' }, target: { databaseId } }));
    mail = await caughtMail(stack.catcher);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts the error of the message, but neither disables the recipient nor adds to their soft errors in a row', async () => {
    // The delivery ended any earlier run; both come back with two soft errors in a row since.
    await stack.prisma.profile.updateMany({ where: { databaseId }, data: { softErrorStreak: 2 } });
    await stack.bounce(mail.message('policy'), '5.7.1', '550 5.7.1 Message rejected: sender not authenticated (SPF)');
    await stack.bounce(mail.message('full'), '5.2.2', '552 5.2.2 <full@example.test>: Mailbox full');

    const aggregate = await waitFor(
      () => stack.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } }),
      (a) => a.errorsTotal >= 2,
    );
    expect(aggregate).toMatchObject({ sent: 2, errorsTotal: 2, errorsUnique: 2, dominantError: 2, delivered: 0 });
    const profiles = await stack.prisma.profile.findMany({
      where: { databaseId },
      orderBy: { id: 'asc' },
      select: { email: true, softErrorStreak: true, disabledAt: true, disabledReason: true },
    });
    expect(profiles).toEqual([
      { email: 'policy@example.test', softErrorStreak: 2, disabledAt: null, disabledReason: null },
      {
        email: 'full@example.test',
        softErrorStreak: 3,
        disabledAt: expect.any(Date),
        disabledReason: '3 soft errors in a row',
      },
    ]);
  });
});
