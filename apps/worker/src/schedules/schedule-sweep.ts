import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { PrismaClient } from '@herald/db';
import { Clock } from '@herald/domain';
import { fireScheduleJob, JobName, QueueName } from '@herald/queue';
import { InjectPrisma } from '../common/config';

const SWEEP_EVERY_MS = 60_000;
/** Schedules due within this are given their firing job, should it be missing. */
const SWEEP_AHEAD_MS = 10 * 60_000;

/**
 * The safety net under the delayed jobs: every minute (a BullMQ job scheduler, safe to upsert on every
 * start; its first run is at once) it queues the firing job of each active schedule due soon. The job id names the occurrence,
 * so a job that is there already is not queued twice; one lost (the API stopped between saving a
 * schedule and queuing its job, Redis restarted without its data) is queued again before it is due.
 */
@Injectable()
export class ScheduleSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduleSweep.name);

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectQueue(QueueName.Schedules) private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobName.SweepSchedules,
      { every: SWEEP_EVERY_MS },
      { name: JobName.SweepSchedules, data: {} },
    );
    // Now as well: a scheduler kept in Redis from before a restart waits out its minute. Not fatal: with
    // PostgreSQL away at start the worker still starts, and the scheduler's next sweep does it.
    try {
      await this.run();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not sweep the schedules at start; the next sweep will');
    }
  }

  async run(): Promise<number> {
    const now = this.clock.now();
    let cursor = 0;
    let queued = 0;
    for (;;) {
      const due = await this.prisma.schedule.findMany({
        where: { active: true, nextRunAt: { lte: new Date(now.getTime() + SWEEP_AHEAD_MS) }, id: { gt: cursor } },
        orderBy: { id: 'asc' },
        take: 1_000,
        select: { id: true, accountId: true, nextRunAt: true },
      });
      if (due.length === 0) return queued;
      await this.queue.addBulk(
        due.map((s) => fireScheduleJob({ scheduleId: s.id, accountId: s.accountId }, s.nextRunAt!, now)),
      );
      queued += due.length;
      cursor = due.at(-1)!.id;
    }
  }
}
