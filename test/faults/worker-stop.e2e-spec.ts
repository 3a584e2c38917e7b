import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import type { TestDatabase } from '@herald/db/testing';
import type { MailCatcher } from '@herald/mail-catcher';
import type { E2eStack } from '../support/e2e';
import { builtProcessesPresent, startWorkerProcess, type HeraldProcess } from '../support/processes';
import {
  apiClient,
  createFaultMailing,
  faultOutcome,
  inFlightAt,
  printFaultTable,
  sendMailing,
  startFaultStack,
  waitForMailingSent,
  type ApiClient,
} from './fault-harness';

const RECIPIENTS = 2_000;
// 200 messages a second: the 2,000 take at least 10 s, so a fault lands in the middle of the send.
const PACE = 12_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

describe.skipIf(!builtProcessesPresent)(
  'faults: the worker stopped with SIGTERM, with SIGKILL, and two workers with one killed',
  () => {
    let stack: E2eStack;
    let db: TestDatabase;
    let catcher: MailCatcher;
    let client: ApiClient;
    let config: HeraldConfig;
    const workers: HeraldProcess[] = [];

    beforeAll(async () => {
      stack = await startFaultStack({
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        SEND_RETRY_DELAY_MS: '60000',
      });
      ({ db, catcher, config } = stack);
      client = apiClient(stack.api.url);
    }, 60_000);

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      await stack?.stop();
      printFaultTable();
    });

    const start = async (): Promise<HeraldProcess> => {
      const worker = await startWorkerProcess(config);
      workers.push(worker);
      return worker;
    };

    it('SIGTERM: the worker finishes or releases its jobs within SHUTDOWN_TIMEOUT_MS, and a new one completes the mailing', async () => {
      catcher.clear();
      const mailing = await createFaultMailing(db.prisma, client, { recipients: RECIPIENTS, maxPerMinute: PACE });
      const worker = await start();
      await sendMailing(client, mailing);
      await catcher.waitFor(RECIPIENTS / 5, 60_000);
      const stoppedAt = Date.now();
      const exit = await worker.stop('SIGTERM');
      const stopMs = Date.now() - stoppedAt;
      const inFlight = await inFlightAt(db.prisma, mailing.mailingId, () => catcher.count().messages);
      expect(catcher.count().messages).toBeLessThan(RECIPIENTS);
      expect(stopMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000);
      expect(exit, worker.output()).toBe(0);

      const restartedAt = Date.now();
      await start();
      await waitForMailingSent(db.prisma, mailing.mailingId, 120_000);
      // Released batches wait for nobody: not the SMTP back-off (SEND_RETRY_DELAY_MS, 60 s here), not a stalled-job check.
      expect(Date.now() - restartedAt).toBeLessThan(45_000);
      const outcome = await faultOutcome(db.prisma, {
        fault: `worker SIGTERM (stopped in ${stopMs} ms)`,
        mailingId: mailing.mailingId,
        received: catcher.recipientCounts(),
        inFlight,
      });
      expect(outcome.sent).toBe(RECIPIENTS);
      expect(outcome.lost).toBe(0);
      // A graceful stop records what it handed over: nothing is sent twice.
      expect(outcome.duplicated).toBe(0);
      expect(outcome.reportMismatches).toEqual([]);
    }, 240_000);

    it('SIGKILL: a new worker completes the mailing; only what was in flight may be sent twice', async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
      catcher.clear();
      const mailing = await createFaultMailing(db.prisma, client, { recipients: RECIPIENTS, maxPerMinute: PACE });
      const worker = await start();
      await sendMailing(client, mailing);
      await catcher.waitFor(RECIPIENTS / 5, 60_000);
      await worker.stop('SIGKILL');
      const inFlight = await inFlightAt(db.prisma, mailing.mailingId, () => catcher.count().messages);
      expect(catcher.count().messages).toBeLessThan(RECIPIENTS);

      await start();
      await waitForMailingSent(db.prisma, mailing.mailingId, 120_000);
      const outcome = await faultOutcome(db.prisma, {
        fault: 'worker SIGKILL',
        mailingId: mailing.mailingId,
        received: catcher.recipientCounts(),
        inFlight,
      });
      expect(outcome.sent).toBe(RECIPIENTS);
      expect(outcome.lost).toBe(0);
      expect(outcome.duplicated).toBeLessThanOrEqual(inFlight);
      expect(outcome.reportMismatches).toEqual([]);
    }, 240_000);

    it('two workers on one mailing, one killed with SIGKILL: the other completes it', async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
      catcher.clear();
      const mailing = await createFaultMailing(db.prisma, client, { recipients: RECIPIENTS, maxPerMinute: PACE });
      const [first] = await Promise.all([start(), start()]);
      await sendMailing(client, mailing);
      await catcher.waitFor(RECIPIENTS / 3, 60_000);
      await first!.stop('SIGKILL');
      const inFlight = await inFlightAt(db.prisma, mailing.mailingId, () => catcher.count().messages);
      expect(catcher.count().messages).toBeLessThan(RECIPIENTS);

      // No restart: the surviving worker takes over the killed one's jobs once their locks expire.
      await waitForMailingSent(db.prisma, mailing.mailingId, 120_000);
      const outcome = await faultOutcome(db.prisma, {
        fault: 'two workers, one SIGKILL',
        mailingId: mailing.mailingId,
        received: catcher.recipientCounts(),
        inFlight,
      });
      expect(outcome.sent).toBe(RECIPIENTS);
      expect(outcome.lost).toBe(0);
      expect(outcome.duplicated).toBeLessThanOrEqual(inFlight);
      expect(outcome.reportMismatches).toEqual([]);
    }, 240_000);
  },
);
