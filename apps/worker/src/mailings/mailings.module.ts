import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '@herald/queue';
import { DispatchMailingHandler } from './dispatch-mailing.handler';
import { DispatchProcessor } from './dispatch.processor';
import { MailingContextService } from './mailing-context.service';
import { SelectionFilterService } from './selection-filter.service';
import { SendEmailBatchHandler } from './send-email-batch.handler';
import { SendEmailProcessor } from './send-email.processor';
import { SendRateLimiter } from './send-rate-limiter';
import { SendOutcomeRecorders } from './send-outcome.recorder';

@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Dispatch }, { name: QueueName.SendEmail })],
  providers: [
    DispatchMailingHandler,
    DispatchProcessor,
    MailingContextService,
    SelectionFilterService,
    SendEmailBatchHandler,
    SendEmailProcessor,
    SendRateLimiter,
    SendOutcomeRecorders,
  ],
})
export class MailingsModule {}
