import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@herald/domain';
import { DocumentsModule } from '../documents/documents.module';
import { MailingsModule } from '../mailings/mailings.module';
import { AccountTimeZoneController } from './account-time-zone.controller';
import { AccountTimeZoneService } from './account-time-zone.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

/** Schedules of mailings, and the account's time zone they are in unless they name one. */
@Module({
  imports: [DocumentsModule, MailingsModule],
  controllers: [SchedulesController, AccountTimeZoneController],
  providers: [SchedulesService, AccountTimeZoneService, { provide: Clock, useClass: SystemClock }],
})
export class SchedulesModule {}
