import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '@herald/queue';
import { DecideSplitRunHandler } from './decide-split-run.handler';
import { SelectionFilterService } from '../mailings/selection-filter.service';
import { SplitRunProcessor } from './split-run.processor';
import { StartSplitRunHandler } from './start-split-run.handler';

/** Split-runs: the test groups at the start, the winner to the remainder when the waiting period ends. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.SplitRun }, { name: QueueName.Dispatch })],
  providers: [StartSplitRunHandler, DecideSplitRunHandler, SplitRunProcessor, SelectionFilterService],
})
export class SplitRunsModule {}
