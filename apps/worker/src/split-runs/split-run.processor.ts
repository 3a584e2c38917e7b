import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '@herald/queue';
import { JobProcessor, type JobHandlers } from '../common/job-runner';
import { DecideSplitRunHandler } from './decide-split-run.handler';
import { StartSplitRunHandler } from './start-split-run.handler';

@Processor(QueueName.SplitRun, { concurrency: 2 })
export class SplitRunProcessor extends JobProcessor {
  protected readonly queue = QueueName.SplitRun;
  protected readonly handlers: JobHandlers = {
    [JobName.StartSplitRun]: (data) => this.start.run(data.splitRunId, data.accountId),
    [JobName.DecideSplitRun]: (data) => this.decide.run(data.splitRunId, data.accountId),
    [JobName.SendSplitRunVariant]: (data) => this.start.sendVariant(data.splitRunId, data.accountId, data.variantId),
  };

  constructor(
    private readonly start: StartSplitRunHandler,
    private readonly decide: DecideSplitRunHandler,
  ) {
    super();
  }
}
