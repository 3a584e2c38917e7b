import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@herald/domain';
import { DocumentsModule } from '../documents/documents.module';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

@Module({
  imports: [DocumentsModule],
  controllers: [SchedulesController],
  providers: [SchedulesService, { provide: Clock, useClass: SystemClock }],
})
export class SchedulesModule {}
