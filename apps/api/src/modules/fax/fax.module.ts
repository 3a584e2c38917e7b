import { Module } from '@nestjs/common';
import { FaxReportController } from './fax-report.controller';
import { FaxReportService } from './fax-report.service';
import { FaxWebhooksController } from './fax-webhooks.controller';
import { FaxWebhooksService } from './fax-webhooks.service';

/** The HTTP fax API's signed status callbacks and the fax report (docs/architecture.md, Channels). */
@Module({
  controllers: [FaxWebhooksController, FaxReportController],
  providers: [FaxWebhooksService, FaxReportService],
})
export class FaxModule {}
