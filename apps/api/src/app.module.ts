import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { LoggerModule } from 'nestjs-pino';
import { logTransport } from '@herald/config';
import type { DestinationStream } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { ZodValidationPipe } from 'nestjs-zod';
import type { HeraldConfig } from '@herald/config';
import { AuthGuard } from './common/auth/auth.guard';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { InfrastructureModule } from './common/infrastructure.module';
import { CommonModule } from './common/common.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { UsersModule } from './modules/users/users.module';
import { QueuesModule } from './common/queues.module';
import { IdParamPipe } from './common/pipes/id-param.pipe';
import { NoNulPipe } from './common/pipes/no-nul.pipe';
import { NestingDepthPipe } from './common/pipes/nesting-depth.pipe';
import { REDACTED, REDACTED_LOG_PATHS, serializeRequest, serializeResponse } from './common/log-redaction';
import { DocumentsModule } from './modules/documents/documents.module';
import { MailingsModule } from './modules/mailings/mailings.module';
import { ChecksModule } from './modules/checks/checks.module';
import { AuditModule } from './modules/audit/audit.module';
import { ApprovalsModule } from './modules/approvals/approvals.module';
import { AdminJobsModule } from './modules/admin-jobs/admin-jobs.module';
import { SchedulesModule } from './modules/schedules/schedules.module';
import { SmtpSettingsModule } from './modules/smtp-settings/smtp-settings.module';
import { SenderDomainsModule } from './modules/sender-domains/sender-domains.module';
import { TrackingModule } from './modules/tracking/tracking.module';
import { DatabasesModule } from './modules/databases/databases.module';
import { ProfilesModule } from './modules/profiles/profiles.module';
import { CollectionsModule } from './modules/collections/collections.module';
import { SelectionsModule } from './modules/selections/selections.module';
import { ImportsModule } from './modules/imports/imports.module';
import { ReportsModule } from './modules/reports/reports.module';
import { DynamicReportsModule } from './modules/dynamic-reports/dynamic-reports.module';
import { SplitRunsModule } from './modules/split-runs/split-runs.module';
import { SmsModule } from './modules/sms/sms.module';
import { FaxModule } from './modules/fax/fax.module';
import { PrintRunModule } from './modules/print/print-run.module';
import { SurveysModule } from './modules/surveys/surveys.module';
import { WebsitesModule } from './modules/websites/websites.module';

/** Where the API's logs go: stdout unless a caller (a test reading the logs) says otherwise. */
export interface ApiAppOptions {
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: HeraldConfig, options: ApiAppOptions = {}): DynamicModule {
    const pinoHttp: PinoHttpOptions = {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
      // URLs carry shared-report and tracking tokens; headers carry credentials.
      serializers: { req: serializeRequest, res: serializeResponse },
      // Tracking endpoints are hit per recipient: logging each would dwarf everything else.
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/t/') || req.url === '/health' },
      // A test reading the logs gets them as JSON, whatever the environment.
      transport: options.logDestination ? undefined : logTransport(config),
    };
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        CommonModule,
        LoggerModule.forRoot({ pinoHttp: options.logDestination ? [pinoHttp, options.logDestination] : pinoHttp }),
        JwtModule.register({
          global: true,
          secret: config.JWT_SECRET,
          signOptions: { expiresIn: config.JWT_TTL_SECONDS },
        }),
        HealthModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        QueuesModule.forRoot(config),
        DocumentsModule,
        AuditModule,
        ApprovalsModule,
        AdminJobsModule,
        MailingsModule,
        ChecksModule,
        SchedulesModule,
        SmtpSettingsModule,
        SenderDomainsModule,
        TrackingModule,
        DatabasesModule,
        ProfilesModule,
        CollectionsModule,
        SelectionsModule,
        ImportsModule,
        ReportsModule,
        DynamicReportsModule,
        SplitRunsModule,
        SmsModule,
        FaxModule,
        PrintRunModule,
        SurveysModule,
        WebsitesModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // In this order: out-of-range ids, NUL characters and hostile nesting never reach a schema or PostgreSQL.
        { provide: APP_PIPE, useClass: IdParamPipe },
        { provide: APP_PIPE, useClass: NoNulPipe },
        { provide: APP_PIPE, useClass: NestingDepthPipe },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
