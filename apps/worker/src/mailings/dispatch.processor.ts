import { Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { DomainError } from '@herald/domain';
import { JobName, QueueName, type JobPayloads } from '@herald/queue';
import { DispatchMailingHandler, type DispatchStatus } from './dispatch-mailing.handler';

@Processor(QueueName.Dispatch, { concurrency: 2 })
export class DispatchProcessor extends WorkerHost {
  constructor(private readonly dispatch: DispatchMailingHandler) {
    super();
  }

  async process(job: Job): Promise<DispatchStatus> {
    switch (job.name as JobName) {
      case JobName.DispatchMailing:
        try {
          return await this.dispatch.run((job.data as JobPayloads[JobName.DispatchMailing]).mailingId);
        } catch (error) {
          // A domain error will not go away by retrying; anything else (database down) may.
          if (error instanceof DomainError) throw new UnrecoverableError(error.message);
          throw error;
        }
      default:
        throw new UnrecoverableError(`Unknown job ${job.name} on queue ${QueueName.Dispatch}`);
    }
  }
}
