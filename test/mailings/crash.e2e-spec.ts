import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeWarnings, startE2eStack, waitFor, type E2eStack } from '../support/e2e';
import { builtProcessesPresent, startWorkerProcess, type HeraldProcess } from '../support/processes';

const RECIPIENTS = 20_000;
/** The worker's default pool, which this spec has always run it with (the fault specs give it the test's 5). */
const WORKER_ENV = { DATABASE_POOL_SIZE: '10' };

describe.skipIf(!builtProcessesPresent)('crash: SIGKILL the worker in the middle of a 20,000-recipient mailing', () => {
  let stack: E2eStack;
  let worker: HeraldProcess | undefined;

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: { keep: 'none' }, worker: false });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await stack?.stop();
  });

  it('ends every destination exactly once as sent or failed, and repeats only what was in flight', async () => {
    const { prisma, api, catcher, config, accountId, token } = stack;
    const database = await prisma.database.create({ data: { accountId, name: 'Many' } });
    await prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt")
      SELECT ${accountId}, ${database.id}, 'r' || i || '@example.test', jsonb_build_object('n', i), now() FROM generate_series(1, ${RECIPIENTS}) AS i`;
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: {
        name: 'Crash',
        fromAddress: 'news@herald.example',
        subject: 'Number {{ n }}',
        // A bulk mailing without an unsubscribe link is refused by the issue checker (docs/rules/issue-checker.md).
        html: '<p>Hello {{ n }}</p><a href="https://example.com/">x</a> <a href="{{ unsubscribe }}">Unsubscribe</a>',
      },
    });
    const mailing = await api.request<{ id: number }>('POST', '/mailings', {
      token,
      body: { name: 'Crash', documentId: document.body.id, targetType: 'DATABASE', databaseId: database.id },
    });

    worker = await startWorkerProcess(config, WORKER_ENV);
    await acknowledgeWarnings(api, token, mailing.body.id);
    const send = await api.request('POST', `/mailings/${mailing.body.id}/send`, { token });
    expect(send.status).toBe(202);
    await catcher.waitFor(RECIPIENTS / 4, 120_000);
    await worker.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 500)); // let the sink finish what was already on the wire
    const acceptedAtKill = catcher.count().messages;
    const recordedAtKill = await prisma.destination.count({
      where: { mailingId: mailing.body.id, status: { in: ['SENT', 'FAILED'] } },
    });
    const inFlight = acceptedAtKill - recordedAtKill;
    expect(acceptedAtKill).toBeLessThan(RECIPIENTS);

    worker = await startWorkerProcess(config, WORKER_ENV);
    await waitFor(
      () => prisma.mailing.findUniqueOrThrow({ where: { id: mailing.body.id }, select: { status: true } }),
      (m) => m.status === 'SENT',
      { timeoutMs: 150_000, intervalMs: 500, what: 'the mailing to be SENT' },
    );

    const byStatus = await prisma.destination.groupBy({
      by: ['status'],
      where: { mailingId: mailing.body.id },
      _count: { _all: true },
    });
    expect(byStatus.map((s) => [s.status, s._count._all])).toEqual([['SENT', RECIPIENTS]]);
    const counts = catcher.recipientCounts();
    expect(counts.size).toBe(RECIPIENTS);
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const thrice = [...counts.values()].filter((n) => n > 2).length;
    console.log(
      `crash test: accepted at kill ${acceptedAtKill}, recorded at kill ${recordedAtKill}, in flight ${inFlight}, received twice ${twice}`,
    );
    expect(thrice).toBe(0);
    expect(twice).toBeLessThanOrEqual(Math.max(inFlight, 0));
  }, 300_000);
});
