import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { HeraldConfig } from '@herald/config';
import { DomainError } from '@herald/domain';
import { JobName, QueueName, type JobPayloads } from '@herald/queue';
import { InjectConfig } from '../common/config';
import { SendEmailBatchHandler, type SendBatchStatus } from './send-email-batch.handler';

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

  async process(job: Job): Promise<SendBatchStatus> {
    switch (job.name as JobName) {
      case JobName.SendEmailBatch:
        try {
          return await this.sendBatch.run(job.data as JobPayloads[JobName.SendEmailBatch]);
        } catch (error) {
          if (error instanceof DomainError) throw new UnrecoverableError(error.message);
          throw error;
        }
      default:
        throw new UnrecoverableError(`Unknown job ${job.name} on queue ${QueueName.SendEmail}`);
    }
  }
}
