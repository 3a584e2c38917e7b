import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { testConfigWithPublicUrl } from '../support/config';
import { builtProcessesPresent, startApiProcess, type HeraldProcess } from '../support/processes';
import { startWorker } from '../support/worker';
import {
  apiClient,
  createFaultMailing,
  faultOutcome,
  printFaultTable,
  sendMailing,
  sleep,
  startOpenLoad,
  waitForEvents,
  waitForMailingSent,
} from './fault-harness';

const RECIPIENTS = 1_000;

describe.skipIf(!builtProcessesPresent)('faults: the API killed with SIGKILL while opens and clicks arrive', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let config: HeraldConfig;
  let api: HeraldProcess | undefined;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    catcher = await startMailCatcher({ smtpPort: 0, keep: 'none' });
    config = await testConfigWithPublicUrl(db.url, { SMTP_PORT: String(catcher.smtpPort) });
    api = await startApiProcess(config);
    worker = await startWorker(config);
  }, 60_000);

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await worker?.close();
    await catcher?.close();
    await db?.drop();
    printFaultTable();
  });

  it('stores every open and click the API answered before it died; a restarted API takes the rest', async () => {
    const client = apiClient(config.PUBLIC_URL);
    const mailing = await createFaultMailing(db.prisma, client, { recipients: RECIPIENTS });
    await sendMailing(client, mailing);
    await waitForMailingSent(db.prisma, mailing.mailingId, 120_000);

    const load = startOpenLoad(db.prisma, {
      apiUrl: () => config.PUBLIC_URL,
      mailingId: mailing.mailingId,
      secret: config.TRACKING_SECRET,
      concurrency: 8,
      clicks: true,
    });
    await sleep(2_000);
    const answeredBeforeKill = load.result.answered;
    await api!.stop('SIGKILL');
    // Requests that met the dead API failed at the client (connection refused or reset): those
    // recipients saw an error, and their events may be lost; every answered one must be stored.
    await sleep(1_000);
    api = await startApiProcess(config);
    await sleep(2_000);
    const result = await load.stop();
    await waitForEvents(db.prisma, mailing.mailingId, result.answered);

    const outcome = await faultOutcome(db.prisma, {
      fault: 'API SIGKILL under opens and clicks',
      mailingId: mailing.mailingId,
      received: catcher.recipientCounts(),
      inFlight: 0,
      opens: result,
    });
    console.log(
      `API kill: ${answeredBeforeKill} answered before the kill, ${result.answered} in all, ${result.refused} failed at the client`,
    );
    expect(answeredBeforeKill).toBeGreaterThan(0);
    expect(result.answered).toBeGreaterThan(answeredBeforeKill);
    expect(result.refused).toBeGreaterThan(0);
    expect(outcome.sent).toBe(RECIPIENTS);
    expect(outcome.lost).toBe(0);
    expect(outcome.duplicated).toBe(0);
    expect(outcome.eventsLost).toBe(0);
    expect(outcome.reportMismatches).toEqual([]);
  }, 180_000);
});
