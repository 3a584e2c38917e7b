import { Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { SpamAssassin } from '@herald/channels';
import { HERALD_CONFIG } from '../../common/config';
import { DatabasesModule } from '../databases/databases.module';
import { DocumentsModule } from '../documents/documents.module';
import { SenderDomainsModule } from '../sender-domains/sender-domains.module';
import { MailingSenderChecks } from './mailing-sender-checks';
import { MailingsController } from './mailings.controller';
import { MailingsService } from './mailings.service';

@Module({
  imports: [DocumentsModule, DatabasesModule, SenderDomainsModule],
  controllers: [MailingsController],
  providers: [
    MailingsService,
    MailingSenderChecks,
    {
      // The issue checker's spam rating (spamd, started by scripts/services.sh).
      provide: SpamAssassin,
      useFactory: (config: HeraldConfig) =>
        new SpamAssassin({
          host: config.SPAMD_HOST,
          port: config.SPAMD_PORT,
          timeoutMs: config.SPAMD_TIMEOUT_MS,
        }),
      inject: [HERALD_CONFIG],
    },
  ],
  exports: [MailingsService],
})
export class MailingsModule {}
