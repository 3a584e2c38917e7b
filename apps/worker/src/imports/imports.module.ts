import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '@herald/queue';
import { ImportProfilesHandler } from './import-profiles.handler';
import { ImportsProcessor } from './imports.processor';

@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Imports })],
  providers: [ImportProfilesHandler, ImportsProcessor],
})
export class ImportsModule {}
