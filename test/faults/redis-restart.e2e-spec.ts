import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eStack } from '../support/e2e';
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
  startFaultStack,
  startOpenLoad,
  waitForEvents,
  waitForMailingSent,
} from './fault-harness';

const RECIPIENTS = 2_000;
const PACE = 12_000;

describe.skipIf(!builtProcessesPresent)(
  'faults: Redis killed and restarted during a mailing (a private redis-server)',
  () => {
    let redis: PrivateRedis;
    let stack: E2eStack;
    let worker: HeraldProcess | undefined;

    beforeAll(async () => {
      redis = await startPrivateRedis();
      stack = await startFaultStack({ REDIS_URL: redis.url });
    }, 60_000);

    afterAll(async () => {
      await worker?.stop('SIGKILL');
      await stack?.stop();
      await redis?.close();
      printFaultTable();
    });

    it('ends every destination once, loses no open the API answered, and keeps the report consistent', async () => {
      const { db, api, catcher, config } = stack;
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
