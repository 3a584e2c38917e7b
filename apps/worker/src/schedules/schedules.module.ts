import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { HeraldConfig } from '@herald/config';
import { SpamAssassin } from '@herald/channels';
import { Clock, SystemClock } from '@herald/domain';
import { QueueName } from '@herald/queue';
import { HERALD_CONFIG } from '../common/config';
import { MailingsModule } from '../mailings/mailings.module';
import { FireScheduleHandler } from './fire-schedule.handler';
import { DocumentPreSendChecks, PreSendChecks } from './pre-send-checks';
import { ScheduleSweep } from './schedule-sweep';
import { SchedulesProcessor } from './schedules.processor';

/** Fires schedules' runs into the mailing pipeline (docs/rules/scheduling.md). */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Schedules }, { name: QueueName.Dispatch }), MailingsModule],
  providers: [
    FireScheduleHandler,
    ScheduleSweep,
    SchedulesProcessor,
    { provide: PreSendChecks, useClass: DocumentPreSendChecks },
    {
      // The issue checker's spam rating of each run (spamd, started by scripts/services.sh).
      provide: SpamAssassin,
      useFactory: (config: HeraldConfig) =>
        new SpamAssassin({
          host: config.SPAMD_HOST,
          port: config.SPAMD_PORT,
          timeoutMs: config.SPAMD_TIMEOUT_MS,
        }),
      inject: [HERALD_CONFIG],
    },
    { provide: Clock, useClass: SystemClock },
  ],
})
export class SchedulesModule {}
