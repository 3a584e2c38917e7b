import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { MailingsController } from './mailings.controller';
import { MailingsService } from './mailings.service';

@Module({ imports: [DocumentsModule], controllers: [MailingsController], providers: [MailingsService] })
export class MailingsModule {}
