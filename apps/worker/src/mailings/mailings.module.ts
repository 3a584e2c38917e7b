import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '@herald/queue';
import { DispatchMailingHandler } from './dispatch-mailing.handler';
import { DispatchProcessor } from './dispatch.processor';
import { MailingContextService } from './mailing-context.service';
import { SelectionFilterService } from './selection-filter.service';
import { SendBatchHandler } from './send-batch.handler';
import { SendProcessor } from './send.processor';
import { SendRateLimiter } from './send-rate-limiter';
import { SendOutcomeRecorders } from './send-outcome.recorder';

@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Dispatch }, { name: QueueName.Send })],
  providers: [
    DispatchMailingHandler,
    DispatchProcessor,
    MailingContextService,
    SelectionFilterService,
    SendBatchHandler,
    SendProcessor,
    SendRateLimiter,
    SendOutcomeRecorders,
  ],
  // A schedule's run evaluates its target as dispatch does.
  exports: [SelectionFilterService],
})
export class MailingsModule {}
