import { Module } from '@nestjs/common';
import { CollectionsModule } from '../collections/collections.module';
import { DatabasesModule } from '../databases/databases.module';
import { SelectionsController } from './selections.controller';
import { SelectionsService } from './selections.service';

@Module({
  imports: [DatabasesModule, CollectionsModule],
  controllers: [SelectionsController],
  providers: [SelectionsService],
})
export class SelectionsModule {}
