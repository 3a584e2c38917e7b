import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '@herald/queue';
import { JobProcessor, type JobHandlers } from '../common/job-runner';
import { errorText, ImportProfilesHandler } from './import-profiles.handler';

/** Whether BullMQ has put this job to rest as failed: no attempt of it will run again. */
function jobWillNotRunAgain(job: Pick<Job, 'finishedOn' | 'attemptsMade' | 'opts'>): boolean {
  return job.finishedOn !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
}

@Processor(QueueName.Imports, { concurrency: 2 })
export class ImportsProcessor extends JobProcessor {
  private readonly logger = new Logger(ImportsProcessor.name);
  protected readonly queue = QueueName.Imports;
  protected readonly handlers: JobHandlers = {
    [JobName.ImportProfiles]: (data) => this.importProfiles.run(data.importId, data.accountId),
  };

  constructor(private readonly importProfiles: ImportProfilesHandler) {
    super();
  }

  /** The last attempt failed (or an unrecoverable one): the import ends as FAILED with the reason. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JobName.ImportProfiles || !jobWillNotRunAgain(job)) return;
    await this.giveUp(
      job,
      `The import stopped after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${errorText(error)}`,
    );
  }

  /** A worker died holding the job; past BullMQ's stalled limit the job is failed without a 'failed' event. */
  @OnWorkerEvent('stalled')
  async onStalled(jobId: string): Promise<void> {
    try {
      const job = await Job.fromId(this.worker, jobId);
      if (!job || job.name !== JobName.ImportProfiles || !(await job.isFailed())) return;
      await this.giveUp(
        job,
        `The import stopped: ${job.failedReason || 'its worker stopped while running it too often'}`,
      );
    } catch (error) {
      this.logger.warn({ jobId, error: (error as Error).message }, 'could not check a stalled import job');
    }
  }

  private async giveUp(job: Job, reason: string): Promise<void> {
    const { importId, accountId } = job.data as JobPayloads[JobName.ImportProfiles];
    try {
      await this.importProfiles.giveUp(importId, accountId, reason);
    } catch (error) {
      // An event handler has no one to throw to; the log is what is left.
      this.logger.error({ importId, error: (error as Error).message }, 'could not mark an import as failed');
    }
  }
}
