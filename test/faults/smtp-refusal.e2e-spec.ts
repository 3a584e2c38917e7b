import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { builtProcessesPresent, startWorkerProcess, type HeraldProcess } from '../support/processes';
import {
  apiClient,
  createFaultMailing,
  faultOutcome,
  inFlightAt,
  printFaultTable,
  sendMailing,
  sleep,
  waitForMailingSent,
} from './fault-harness';

const RECIPIENTS = 2_000;
const PACE = 12_000;
const REFUSED_MS = 60_000;

describe.skipIf(!builtProcessesPresent)('faults: the SMTP server refuses connections for a minute', () => {
  let db: TestDatabase;
  let catchers: MailCatcher[] = [];
  let api: RunningApi;
  let config: HeraldConfig;
  let worker: HeraldProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    catchers = [await startMailCatcher({ smtpPort: 0, keep: 'none' })];
    // Short retry delays: the test is about what a refused connection is, not about waiting 30 minutes.
    config = testConfig(db.url, {
      SMTP_PORT: String(catchers[0]!.smtpPort),
      SEND_RETRY_DELAY_MS: '1000',
      SEND_MAX_ATTEMPTS: '5',
    });
    api = await startApi(config);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
    await Promise.all(catchers.map((c) => c.close()));
    await db?.drop();
    printFaultTable();
  });

  const accepted = (): number => catchers.reduce((sum, c) => sum + c.count().messages, 0);
  const received = (): Map<string, number> => {
    const all = new Map<string, number>();
    for (const c of catchers) for (const [rcpt, n] of c.recipientCounts()) all.set(rcpt, (all.get(rcpt) ?? 0) + n);
    return all;
  };

  it('retries a refused connection as temporary, never a bounce, and sends everything once the server is back', async () => {
    const client = apiClient(api.url);
    const mailing = await createFaultMailing(db.prisma, client, { recipients: RECIPIENTS, maxPerMinute: PACE });
    worker = await startWorkerProcess(config);
    await sendMailing(client, mailing);
    await catchers[0]!.waitFor(RECIPIENTS / 4, 60_000);

    // Closing the port: new connections are refused, the pooled ones are cut.
    await catchers[0]!.close();
    const inFlight = await inFlightAt(db.prisma, mailing.mailingId, accepted);
    expect(accepted()).toBeLessThan(RECIPIENTS);
    await sleep(REFUSED_MS);
    catchers.push(await startMailCatcher({ smtpPort: config.SMTP_PORT, keep: 'none' }));

    await waitForMailingSent(db.prisma, mailing.mailingId, 180_000);
    const outcome = await faultOutcome(db.prisma, {
      fault: 'SMTP refused for 60 s',
      mailingId: mailing.mailingId,
      received: received(),
      inFlight,
    });
    const errors = await db.prisma.event.count({
      where: { mailingId: mailing.mailingId, type: 'ERROR', errorKind: 'HARD' },
    });
    const disabled = await db.prisma.profile.count({
      where: { accountId: mailing.accountId, disabledAt: { not: null } },
    });
    expect({ hardErrors: errors, disabledProfiles: disabled }).toEqual({ hardErrors: 0, disabledProfiles: 0 });
    expect(outcome.failed).toBe(0);
    expect(outcome.sent).toBe(RECIPIENTS);
    expect(outcome.lost).toBe(0);
    expect(outcome.duplicated).toBeLessThanOrEqual(inFlight);
    expect(outcome.reportMismatches).toEqual([]);
  }, 360_000);
});
