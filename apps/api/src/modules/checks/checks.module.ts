import { Module } from '@nestjs/common';
import { MailingsModule } from '../mailings/mailings.module';
import { ChecksController } from './checks.controller';

/** POST /mailings/:id/check; the send path runs the same checks through MailingsService. */
@Module({
  imports: [MailingsModule],
  controllers: [ChecksController],
})
export class ChecksModule {}
