import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { LoggerModule } from 'nestjs-pino';
import { logTransport, type HeraldConfig } from '@herald/config';
import type { ChannelAdapter } from '@herald/channels';
import { bullConnection, DEFAULT_JOB_OPTIONS } from '@herald/queue';
import { ChannelsModule } from './channels/channels.module';
import { InfrastructureModule } from './common/infrastructure.module';
import { ImportsModule } from './imports/imports.module';
import { MailingsModule } from './mailings/mailings.module';
import { SchedulesModule } from './schedules/schedules.module';
import { EventsModule } from './events/events.module';
import { InboundModule } from './inbound/inbound.module';
import { SplitRunsModule } from './split-runs/split-runs.module';

@Module({})
export class WorkerModule {
  /** `channels`: adapters besides email (a test's recording channel, a later SMS or fax provider). */
  static forRoot(
    config: HeraldConfig,
    features: DynamicModule['imports'] = [],
    channels: readonly ChannelAdapter[] = [],
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        InfrastructureModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            transport: logTransport(config),
            redact: { paths: ['*.password', '*.email', '*.address'], censor: '[redacted]' },
          },
        }),
        BullModule.forRoot({
          connection: bullConnection(config.REDIS_URL),
          prefix: config.REDIS_PREFIX,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        ChannelsModule.forRoot(channels),
        ImportsModule,
        MailingsModule,
        SchedulesModule,
        EventsModule,
        InboundModule,
        SplitRunsModule,
        ...(features ?? []),
      ],
    };
  }
}
