import { Module } from '@nestjs/common';
import { SmsReportController } from './sms-report.controller';
import { SmsReportService } from './sms-report.service';
import { SmsSettingsController } from './sms-settings.controller';
import { SmsSettingsService } from './sms-settings.service';
import { SmsWebhooksController } from './sms-webhooks.controller';
import { SmsWebhooksService } from './sms-webhooks.service';

/** Twilio's status callbacks and inbound replies (docs/architecture.md, Channels), the SMS report and the account's SMS sender. */
@Module({
  controllers: [SmsWebhooksController, SmsReportController, SmsSettingsController],
  providers: [SmsWebhooksService, SmsReportService, SmsSettingsService],
})
export class SmsModule {}
