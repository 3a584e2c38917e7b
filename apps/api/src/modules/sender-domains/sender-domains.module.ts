import { Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HERALD_CONFIG } from '../../common/config';
import { DNS_RESOLVER, dnsResolver } from './dns-resolver';
import { SenderDomainsController } from './sender-domains.controller';
import { SenderDomainsService } from './sender-domains.service';

/** The domains an account sends from: DKIM keys, the DNS records to publish, their verification. */
@Module({
  controllers: [SenderDomainsController],
  providers: [
    SenderDomainsService,
    { provide: DNS_RESOLVER, useFactory: (config: HeraldConfig) => dnsResolver(config), inject: [HERALD_CONFIG] },
  ],
  exports: [SenderDomainsService, DNS_RESOLVER],
})
export class SenderDomainsModule {}
