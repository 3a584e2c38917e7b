import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '@herald/queue';
import { DecideSplitRunHandler } from './decide-split-run.handler';
import { SplitRunProcessor } from './split-run.processor';

/** Split-runs: choosing the winner when the waiting period ends, and sending it to the remainder. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.SplitRun }, { name: QueueName.Dispatch })],
  providers: [DecideSplitRunHandler, SplitRunProcessor],
})
export class SplitRunsModule {}
