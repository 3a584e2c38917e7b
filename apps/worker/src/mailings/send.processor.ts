import { Processor } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { JobName, QueueName } from '@herald/queue';
import { InjectConfig } from '../common/config';
import { JobProcessor, type JobHandlers } from '../common/job-runner';
import { SendBatchHandler } from './send-batch.handler';

@Processor(QueueName.Send)
export class SendProcessor extends JobProcessor implements OnApplicationBootstrap {
  protected readonly queue = QueueName.Send;
  protected readonly handlers: JobHandlers = {
    [JobName.SendBatch]: (data, job) => this.sendBatch.run(data, job.attemptsStarted, job.id),
  };

  constructor(
    private readonly sendBatch: SendBatchHandler,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Twice the jobs that send (SendBatchHandler's slots): one more per slot reads its destinations
    // before its turn, or stores its last outcomes after it, while the others send.
    this.worker.concurrency = 2 * this.config.SEND_JOB_CONCURRENCY;
  }
}
