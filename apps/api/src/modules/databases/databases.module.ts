import { Module } from '@nestjs/common';
import { DatabasesController } from './databases.controller';
import { DatabasesService } from './databases.service';
import { FieldsService } from './fields.service';

/** Databases and their fields; the other profile modules import it to find a database of the account. */
@Module({
  controllers: [DatabasesController],
  providers: [DatabasesService, FieldsService],
  exports: [DatabasesService, FieldsService],
})
export class DatabasesModule {}
