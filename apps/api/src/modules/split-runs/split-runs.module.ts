import { Module } from '@nestjs/common';
import { MailingsModule } from '../mailings/mailings.module';
import { SplitRunsController } from './split-runs.controller';
import { SplitRunsService } from './split-runs.service';

/** Split-runs: variants to random test groups, the winner to the rest (docs/rules/split-run.md). */
@Module({
  imports: [MailingsModule],
  controllers: [SplitRunsController],
  providers: [SplitRunsService],
})
export class SplitRunsModule {}
