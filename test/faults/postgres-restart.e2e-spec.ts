import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import { createPrismaClient, migrate, type PrismaClient } from '@herald/db';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { createDatabaseOn, startPrivatePostgres, type PrivatePostgres } from '../support/private-services';
import { builtProcessesPresent, startWorkerProcess, type HeraldProcess } from '../support/processes';
import {
  apiClient,
  createFaultMailing,
  faultOutcome,
  printFaultTable,
  recordedCount,
  sendMailing,
  sleep,
  startOpenLoad,
  waitForEvents,
  waitForMailingSent,
} from './fault-harness';

const RECIPIENTS = 2_000;
const PACE = 12_000;

describe.skipIf(!builtProcessesPresent)(
  'faults: PostgreSQL crashed and restarted during a mailing (a private cluster)',
  () => {
    let pg: PrivatePostgres;
    let prisma: PrismaClient;
    let catcher: MailCatcher;
    let api: RunningApi;
    let config: HeraldConfig;
    let worker: HeraldProcess | undefined;
    let opens: ReturnType<typeof startOpenLoad> | undefined;

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      const url = await createDatabaseOn(pg.adminUrl, `herald_fault_${randomBytes(4).toString('hex')}`);
      await migrate(url);
      prisma = createPrismaClient({ databaseUrl: url, poolSize: 5 });
      catcher = await startMailCatcher({ smtpPort: 0, keep: 'none' });
      config = testConfig(url, { SMTP_PORT: String(catcher.smtpPort) });
      api = await startApi(config);
    }, 120_000);

    afterAll(async () => {
      await opens?.stop();
      await worker?.stop('SIGKILL');
      await api?.close();
      await catcher?.close();
      await prisma?.$disconnect();
      await pg?.close();
      printFaultTable();
    });

    it('ends every destination once, loses no open the API answered, and keeps the report consistent', async () => {
      const client = apiClient(api.url);
      const mailing = await createFaultMailing(prisma, client, { recipients: RECIPIENTS, maxPerMinute: PACE });
      worker = await startWorkerProcess(config);
      await sendMailing(client, mailing);
      await catcher.waitFor(RECIPIENTS / 4, 60_000);
      opens = startOpenLoad(prisma, {
        apiUrl: () => api.url,
        mailingId: mailing.mailingId,
        secret: config.TRACKING_SECRET,
        clicks: true,
      });
      await sleep(1_000);

      // 'immediate' is a crash: no checkpoint, recovery from the WAL when it starts again. In flight:
      // what the sink had accepted at the crash (and what was already on the wire) beyond what was
      // recorded just before it. The worker stops handing messages over while it cannot record them,
      // and stores what it holds once the database is back, so nothing else may arrive twice.
      const recordedBefore = await recordedCount(prisma, mailing.mailingId);
      await pg.stop('immediate');
      await sleep(300);
      const inFlight = Math.max(0, catcher.count().messages - recordedBefore);
      await sleep(2_700);
      const duringOutage = catcher.count().messages - recordedBefore - inFlight;
      await pg.start();
      expect(catcher.count().messages).toBeLessThan(RECIPIENTS);

      await waitForMailingSent(prisma, mailing.mailingId, 180_000).catch((error: Error) => {
        throw new Error(`${error.message}\nworker output:\n${worker!.output().slice(-4000)}`);
      });
      const load = await opens.stop();
      await waitForEvents(prisma, mailing.mailingId, load.answered);
      const outcome = await faultOutcome(prisma, {
        fault: 'PostgreSQL crash + restart',
        mailingId: mailing.mailingId,
        received: catcher.recipientCounts(),
        inFlight,
        opens: load,
      });
      expect(worker.child.exitCode, worker.output()).toBeNull();
      expect(outcome.sent).toBe(RECIPIENTS);
      expect(outcome.lost).toBe(0);
      expect(outcome.duplicated).toBeLessThanOrEqual(inFlight);
      // Sending pauses while outcomes cannot be stored (at most what the lanes had already started).
      expect(duringOutage).toBeLessThanOrEqual(50);
      expect(load.answered).toBeGreaterThan(0);
      expect(outcome.eventsLost).toBe(0);
      expect(outcome.reportMismatches).toEqual([]);
    }, 300_000);
  },
);
