import { WorkerHost } from '@nestjs/bullmq';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { DomainError } from '@herald/domain';
import type { JobName, JobPayloads, QueueName } from '@herald/queue';
import { isDatabaseUnavailable, outageDelayMs } from './database-outage';

/**
 * "Not now, and no fault of this job": the job waits `delayMs` and runs again without spending one of
 * its attempts (a provider that is down, a worker that is stopping).
 */
export class JobDeferral extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** The handlers of one queue's jobs, by job name. */
export type JobHandlers = {
  [N in JobName]?: (data: JobPayloads[N], job: Job) => Promise<unknown>;
};

/**
 * The one error policy of every job (docs/architecture.md, Queues): a domain error (bad data, a state
 * that forbids the work) fails the job at once, since retrying would only repeat it; a deferral
 * delays it without spending an attempt; PostgreSQL being unreachable (a restart, a fail-over) delays
 * it too, with capped back-off, since its few attempts would run out in half a minute and leave a
 * mailing queued for good; anything else (a network error, a bug) is rethrown so that BullMQ retries
 * it with exponential back-off (DEFAULT_JOB_OPTIONS).
 */
export async function runJob(
  queue: QueueName,
  handlers: JobHandlers,
  job: Job,
  token: string | undefined,
): Promise<unknown> {
  const handler = handlers[job.name as JobName] as ((data: unknown, job: Job) => Promise<unknown>) | undefined;
  if (!handler) throw new UnrecoverableError(`Unknown job ${job.name} on queue ${queue}`);
  try {
    return await handler(job.data, job);
  } catch (error) {
    if (error instanceof DomainError) throw new UnrecoverableError(error.message);
    if (error instanceof JobDeferral && token) {
      await job.moveToDelayed(Date.now() + error.delayMs, token);
      throw new DelayedError();
    }
    if (isDatabaseUnavailable(error) && token) {
      await job.moveToDelayed(Date.now() + outageDelayMs(job.attemptsStarted), token);
      throw new DelayedError();
    }
    throw error;
  }
}

/** A queue's processor: names its queue and handlers; the runner applies the error policy. */
export abstract class JobProcessor extends WorkerHost {
  protected abstract readonly queue: QueueName;
  protected abstract readonly handlers: JobHandlers;

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this.queue, this.handlers, job, token);
  }
}
