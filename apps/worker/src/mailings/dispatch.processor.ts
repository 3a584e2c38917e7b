import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '@herald/queue';
import { JobProcessor, type JobHandlers } from '../common/job-runner';
import { DispatchMailingHandler } from './dispatch-mailing.handler';

@Processor(QueueName.Dispatch, { concurrency: 2 })
export class DispatchProcessor extends JobProcessor {
  protected readonly queue = QueueName.Dispatch;
  protected readonly handlers: JobHandlers = {
    [JobName.DispatchMailing]: (data) => this.dispatch.run(data.mailingId, data.accountId),
  };

  constructor(private readonly dispatch: DispatchMailingHandler) {
    super();
  }
}
