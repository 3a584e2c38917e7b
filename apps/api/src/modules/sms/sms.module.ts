import { Module } from '@nestjs/common';
import { SmsReportController } from './sms-report.controller';
import { SmsReportService } from './sms-report.service';
import { SmsWebhooksController } from './sms-webhooks.controller';
import { SmsWebhooksService } from './sms-webhooks.service';

/** Twilio's status callbacks and inbound replies (docs/architecture.md, Channels), and the SMS report. */
@Module({
  controllers: [SmsWebhooksController, SmsReportController],
  providers: [SmsWebhooksService, SmsReportService],
})
export class SmsModule {}
