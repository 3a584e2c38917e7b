import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { HeraldConfig } from '@herald/config';
import { DomainError } from '@herald/domain';
import { JobName, QueueName, type JobPayloads } from '@herald/queue';
import { InjectConfig } from '../common/config';
import {
  ReleasedForShutdownError,
  SendEmailBatchHandler,
  SmtpUnavailableError,
  smtpUnavailableDelayMs,
  type SendBatchStatus,
} from './send-email-batch.handler';

@Processor(QueueName.SendEmail)
export class SendEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sendBatch: SendEmailBatchHandler,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.SEND_JOB_CONCURRENCY;
  }

  async process(job: Job, token?: string): Promise<SendBatchStatus> {
    switch (job.name as JobName) {
      case JobName.SendEmailBatch:
        try {
          return await this.sendBatch.run(job.data as JobPayloads[JobName.SendEmailBatch]);
        } catch (error) {
          if (error instanceof DomainError) throw new UnrecoverableError(error.message);
          if (error instanceof ReleasedForShutdownError && token) {
            // Ready again at once for another worker (or this one restarted); no attempt is spent.
            await job.moveToDelayed(Date.now(), token);
            throw new DelayedError();
          }
          if (error instanceof SmtpUnavailableError && token) {
            // A server that is down is no fault of this batch: wait for it as long as the mailing runs
            // (an admin stop or its maximum duration ends it), instead of spending the job's few
            // attempts in half a minute and leaving its destinations pending forever.
            await job.moveToDelayed(
              Date.now() + smtpUnavailableDelayMs(job.attemptsStarted, this.config.SEND_RETRY_DELAY_MS),
              token,
            );
            throw new DelayedError();
          }
          throw error;
        }
      default:
        throw new UnrecoverableError(`Unknown job ${job.name} on queue ${QueueName.SendEmail}`);
    }
  }
}
