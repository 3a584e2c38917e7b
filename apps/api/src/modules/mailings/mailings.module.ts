import { Module } from '@nestjs/common';
import { DatabasesModule } from '../databases/databases.module';
import { DocumentsModule } from '../documents/documents.module';
import { MailingsController } from './mailings.controller';
import { MailingsService } from './mailings.service';

@Module({
  imports: [DocumentsModule, DatabasesModule],
  controllers: [MailingsController],
  providers: [MailingsService],
  exports: [MailingsService],
})
export class MailingsModule {}
