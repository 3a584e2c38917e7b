import { Module } from '@nestjs/common';
import { AudienceReportsController } from './audience-reports.controller';
import { AudienceReportsService } from './audience-reports.service';
import { MailingReportController } from './mailing-report.controller';
import { MailingReportService } from './mailing-report.service';
import { PeriodReportsController } from './period-reports.controller';
import { PeriodReportsService } from './period-reports.service';
import { ReportExportsService } from './report-exports.service';
import { ReportSources } from './report-sources';
import { SharedReportsController } from './shared-reports.controller';
import { SharedReportsService } from './shared-reports.service';

/** Results of mailings as reports, exports and shared links; reads the compact figures the worker keeps. */
@Module({
  controllers: [MailingReportController, PeriodReportsController, AudienceReportsController, SharedReportsController],
  providers: [
    ReportSources,
    MailingReportService,
    ReportExportsService,
    PeriodReportsService,
    AudienceReportsService,
    SharedReportsService,
  ],
})
export class ReportsModule {}
