import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { startPrivateRedis, type PrivateRedis } from '../support/private-services';
import { builtProcessesPresent, startWorkerProcess, type HeraldProcess } from '../support/processes';
import {
  apiClient,
  createFaultMailing,
  faultOutcome,
  inFlightAt,
  printFaultTable,
  sendMailing,
  sleep,
  startOpenLoad,
  waitForEvents,
  waitForMailingSent,
} from './fault-harness';

const RECIPIENTS = 2_000;
const PACE = 12_000;

describe.skipIf(!builtProcessesPresent)(
  'faults: Redis killed and restarted during a mailing (a private redis-server)',
  () => {
    let db: TestDatabase;
    let redis: PrivateRedis;
    let catcher: MailCatcher;
    let api: RunningApi;
    let config: HeraldConfig;
    let worker: HeraldProcess | undefined;

    beforeAll(async () => {
      db = await createTestDatabase();
      redis = await startPrivateRedis();
      catcher = await startMailCatcher({ smtpPort: 0, keep: 'none' });
      config = testConfig(db.url, { SMTP_PORT: String(catcher.smtpPort), REDIS_URL: redis.url });
      api = await startApi(config);
    }, 60_000);

    afterAll(async () => {
      await worker?.stop('SIGKILL');
      await api?.close();
      await catcher?.close();
      await redis?.close();
      await db?.drop();
      printFaultTable();
    });

    it('ends every destination once, loses no open the API answered, and keeps the report consistent', async () => {
      const client = apiClient(api.url);
      const mailing = await createFaultMailing(db.prisma, client, { recipients: RECIPIENTS, maxPerMinute: PACE });
      worker = await startWorkerProcess(config);
      await sendMailing(client, mailing);
      await catcher.waitFor(RECIPIENTS / 4, 60_000);
      const opens = startOpenLoad(db.prisma, {
        apiUrl: () => api.url,
        mailingId: mailing.mailingId,
        secret: config.TRACKING_SECRET,
      });
      await sleep(1_000);

      await redis.kill();
      const inFlight = await inFlightAt(db.prisma, mailing.mailingId, () => catcher.count().messages);
      await sleep(2_000);
      await redis.start();
      expect(catcher.count().messages).toBeLessThan(RECIPIENTS);

      await waitForMailingSent(db.prisma, mailing.mailingId, 180_000);
      const load = await opens.stop();
      await waitForEvents(db.prisma, mailing.mailingId, load.answered);
      const outcome = await faultOutcome(db.prisma, {
        fault: 'Redis SIGKILL + restart',
        mailingId: mailing.mailingId,
        received: catcher.recipientCounts(),
        inFlight,
        opens: load,
      });
      expect(worker.child.exitCode, worker.output()).toBeNull();
      expect(outcome.sent).toBe(RECIPIENTS);
      expect(outcome.lost).toBe(0);
      expect(outcome.duplicated).toBeLessThanOrEqual(inFlight);
      expect(load.answered).toBeGreaterThan(0);
      expect(outcome.eventsLost).toBe(0);
      expect(outcome.reportMismatches).toEqual([]);
    }, 300_000);
  },
);
