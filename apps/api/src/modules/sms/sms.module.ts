import { Module } from '@nestjs/common';
import { SmsWebhooksController } from './sms-webhooks.controller';
import { SmsWebhooksService } from './sms-webhooks.service';

/** Twilio's status callbacks and inbound replies (docs/architecture.md, Channels). */
@Module({ controllers: [SmsWebhooksController], providers: [SmsWebhooksService] })
export class SmsModule {}
