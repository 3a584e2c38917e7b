import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { HeraldConfig } from '@herald/config';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { bullConnection, fireScheduleJob, jobId, QueueName } from '@herald/queue';
import { testConfigWithPublicUrl } from '../support/config';
import { acknowledgeWarnings } from '../support/e2e';
import { builtProcessesPresent, startApiProcess, startWorkerProcess, type HeraldProcess } from '../support/processes';
import { apiClient, createFaultMailing, sleep, waitForMailingSent, type FaultMailing } from './fault-harness';

const SHARED = 20;
const RACED = 8;
const SOLO = 100;

/**
 * Issue 15's fault test: the API and both worker processes are killed with SIGKILL between scheduling
 * and the run, and come back after the run was due. Every occurrence then runs exactly once: one whose
 * delayed job survived in Redis, one whose job was lost (the sweep queues it again), and some whose job
 * was doubled so that two worker processes race for the same occurrence.
 */
describe.skipIf(!builtProcessesPresent)('faults: processes killed between scheduling and the run', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let config: HeraldConfig;
  let queue: Queue;
  const processes: HeraldProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    catcher = await startMailCatcher({ smtpPort: 0, keep: 'none' });
    config = await testConfigWithPublicUrl(db.url, { SMTP_PORT: String(catcher.smtpPort) });
    queue = new Queue(QueueName.Schedules, {
      connection: bullConnection(config.REDIS_URL),
      prefix: config.REDIS_PREFIX,
    });
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL');
    await queue?.close();
    await catcher?.close();
    await db?.drop();
  });

  it('runs each occurrence once after SIGKILL of the API and the workers, with two workers racing', async () => {
    processes.push(await startApiProcess(config), await startWorkerProcess(config), await startWorkerProcess(config));
    const client = apiClient(config.PUBLIC_URL);
    const kept = await createFaultMailing(db.prisma, client, { recipients: SOLO });
    const lost = await createFaultMailing(db.prisma, client, { recipients: SOLO });
    const raced: FaultMailing[] = [];
    for (let i = 0; i < RACED; i++) raced.push(await createFaultMailing(db.prisma, client, { recipients: SHARED }));

    // Whole seconds: a schedule keeps its start to the second. Far enough ahead for ten schedules to be
    // saved (each passes the issue checker) and the processes killed before it, on a loaded machine.
    const due = new Date(Math.ceil((Date.now() + 20_000) / 1_000) * 1_000);
    const scheduleIds = new Map<FaultMailing, number>();
    for (const mailing of [kept, lost, ...raced]) {
      await acknowledgeWarnings(client, mailing.token, mailing.mailingId);
      const res = await client.request<{ id: number; nextRunAt: string }>(
        'POST',
        `/mailings/${mailing.mailingId}/schedule`,
        { token: mailing.token, body: { recurrence: { kind: 'ONCE' }, startAt: due.toISOString() } },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.nextRunAt).toBe(due.toISOString());
      scheduleIds.set(mailing, res.body.id);
    }
    for (const p of processes.splice(0)) await p.stop('SIGKILL');
    expect(Date.now(), 'the processes were killed before the run was due').toBeLessThan(due.getTime());

    // While nothing runs: one job is lost, and each raced occurrence gets a second job of its own id.
    expect(await queue.remove(jobId('schedule', scheduleIds.get(lost)!, due.getTime()))).toBe(1);
    for (const mailing of raced) {
      const job = fireScheduleJob({ scheduleId: scheduleIds.get(mailing)!, accountId: mailing.accountId }, due, due);
      await queue.add(job.name, job.data, { ...job.opts, jobId: `${job.opts.jobId}-again` });
    }
    await sleep(Math.max(0, due.getTime() - Date.now()) + 1_500);
    expect(await db.prisma.scheduleRun.count()).toBe(0);

    processes.push(await startApiProcess(config), await startWorkerProcess(config), await startWorkerProcess(config));
    for (const [mailing, scheduleId] of scheduleIds) {
      const run = await waitForRun(scheduleId);
      await waitForMailingSent(db.prisma, run, 60_000);
      expect(await db.prisma.mailing.count({ where: { scheduleId } }), `runs of mailing ${mailing.mailingId}`).toBe(1);
    }
    await sleep(2_000); // a late duplicate would have fired by now
    const runs = await db.prisma.scheduleRun.groupBy({ by: ['scheduleId'], _count: { _all: true } });
    expect(runs).toHaveLength(scheduleIds.size);
    for (const r of runs) expect(r._count._all).toBe(1);
    expect(await db.prisma.mailing.count({ where: { scheduleId: { not: null } } })).toBe(scheduleIds.size);

    const received = catcher.recipientCounts();
    for (let i = 1; i <= SOLO; i++)
      expect(received.get(`r${i}@example.test`), `r${i}`).toBe(i <= SHARED ? 2 + RACED : 2);
  }, 240_000);

  async function waitForRun(scheduleId: number): Promise<number> {
    for (const until = Date.now() + 90_000; ;) {
      const run = await db.prisma.scheduleRun.findFirst({ where: { scheduleId }, select: { mailingId: true } });
      if (run?.mailingId) return run.mailingId;
      if (Date.now() > until) throw new Error(`schedule ${scheduleId} did not run: ${JSON.stringify(run)}`);
      await sleep(250);
    }
  }
});
