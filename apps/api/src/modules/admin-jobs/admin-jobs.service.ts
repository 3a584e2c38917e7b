import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, JobType, Queue } from 'bullmq';
import type { AdminJobResponse, AdminJobState, AdminJobsQuery, MailingProgress } from '@herald/contracts';
import { JobName, QueueName } from '@herald/queue';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ApprovalsService } from '../approvals/approvals.service';
import { MailingsService } from '../mailings/mailings.service';

/** The queues whose jobs belong to an account (their payloads carry `accountId`); events have none. */
const ACCOUNT_QUEUES = [
  QueueName.Dispatch,
  QueueName.Send,
  QueueName.Schedules,
  QueueName.SplitRun,
  QueueName.Imports,
] as const;

/** BullMQ's lists, as the admin page names them. */
const STATES: ReadonlyArray<[AdminJobState, JobType[]]> = [
  ['scheduled', ['delayed']],
  ['waiting', ['waiting', 'prioritized', 'waiting-children']],
  ['running', ['active']],
  ['paused', ['paused']],
  ['failed', ['failed']],
];

/** Jobs read per queue and state: a page of the newest is enough to act on; the dashboard shows the rest. */
const READ_PER_STATE = 500;

interface AccountJob {
  queue: string;
  state: AdminJobState;
  job: Job<{ accountId?: number; mailingId?: number; scheduleId?: number }>;
}

/**
 * Every scheduled, waiting, running, paused and failed job of the caller's account, joined with its
 * mailing. Jobs are filtered by the `accountId` their payload carries, so no other account's job is
 * listed. The actions are the mailing's own (cancel, and stop for an ADMIN), so they follow its lifecycle.
 */
@Injectable()
export class AdminJobsService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly prisma: PrismaService,
    private readonly mailings: MailingsService,
    private readonly approvals: ApprovalsService,
  ) {}

  async list(principal: Principal, query: AdminJobsQuery): Promise<AdminJobResponse[]> {
    const jobs: AccountJob[] = [];
    for (const name of ACCOUNT_QUEUES) {
      const queue = this.queue(name);
      const paused = await queue.isPaused();
      for (const [state, types] of STATES) {
        if (query.state && query.state !== state && !(query.state === 'paused' && paused && state === 'waiting'))
          continue;
        for (const job of await queue.getJobs(types, 0, READ_PER_STATE - 1)) {
          if (job?.data?.accountId !== principal.accountId) continue;
          // Waiting jobs of a paused queue are paused.
          jobs.push({ queue: name, state: paused && state === 'waiting' ? 'paused' : state, job });
        }
      }
    }
    return this.joined(principal, query.state ? jobs.filter((j) => j.state === query.state) : jobs);
  }

  private async joined(principal: Principal, jobs: AccountJob[]): Promise<AdminJobResponse[]> {
    const scheduleIds = jobs.flatMap(({ job }) =>
      job.name === JobName.FireSchedule && job.data.scheduleId ? [job.data.scheduleId] : [],
    );
    const schedules = await this.prisma.client.schedule.findMany({
      where: { id: { in: scheduleIds }, accountId: principal.accountId },
      select: { id: true, mailingId: true },
    });
    const mailingOfSchedule = new Map(schedules.map((s) => [s.id, s.mailingId]));
    const mailingIdOf = ({ job }: AccountJob): number | null =>
      job.data.mailingId ?? (job.data.scheduleId ? (mailingOfSchedule.get(job.data.scheduleId) ?? null) : null);
    const ids = [...new Set(jobs.flatMap((j) => mailingIdOf(j) ?? []))];
    const [rows, progress, approvals] = await Promise.all([
      this.prisma.client.mailing.findMany({
        where: { id: { in: ids }, accountId: principal.accountId },
        select: { id: true, name: true, status: true, createdBy: true },
      }),
      this.mailings.progressOf(ids),
      this.approvals.statesOf(principal.accountId, ids),
    ]);
    const authors = await this.prisma.client.user.findMany({
      where: { id: { in: rows.flatMap((r) => r.createdBy ?? []) }, accountId: principal.accountId },
      select: { id: true, name: true },
    });
    const authorOf = new Map(authors.map((u) => [u.id, u]));
    const mailingOf = new Map(rows.map((r) => [r.id, r]));
    const none: MailingProgress = { destinations: 0, pending: 0, sent: 0, failed: 0, suppressed: 0, cancelled: 0 };
    return jobs
      .map((entry) => {
        const { job, queue, state } = entry;
        const mailingId = mailingIdOf(entry);
        const mailing = mailingId ? mailingOf.get(mailingId) : undefined;
        return {
          queue,
          id: String(job.id),
          name: job.name,
          state,
          runAt: state === 'scheduled' ? new Date(job.timestamp + (job.delay ?? 0)).toISOString() : null,
          createdAt: new Date(job.timestamp).toISOString(),
          attempts: job.attemptsMade,
          failedReason: state === 'failed' ? (job.failedReason ?? null) : null,
          mailing: mailing
            ? {
                id: mailing.id,
                name: mailing.name,
                status: mailing.status,
                progress: progress.get(mailing.id) ?? none,
                createdBy: (mailing.createdBy && authorOf.get(mailing.createdBy)) || null,
                approval: approvals.get(mailing.id) ?? 'not-requested',
              }
            : null,
        };
      })
      .sort((a, b) => (a.runAt ?? a.createdAt).localeCompare(b.runAt ?? b.createdAt));
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
