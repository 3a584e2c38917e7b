import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Clock, SystemClock } from '@herald/domain';
import { QueueName } from '@herald/queue';
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
    { provide: Clock, useClass: SystemClock },
  ],
})
export class SchedulesModule {}
