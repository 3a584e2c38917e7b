import { Inject, Injectable } from '@nestjs/common';
import { checkMailingSender, senderCheckEnvironment, type SenderCheckEnvironment } from '@herald/channels';
import type { DnsResolver, Finding } from '@herald/checks';
import type { HeraldConfig } from '@herald/config';
import { senderDomainRepository } from '@herald/db';
import { senderPlatformOf } from '@herald/domain';
import { formatTrackedDestination } from '@herald/queue';
import type { DocumentVersionContent } from '@herald/templating';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { DNS_RESOLVER } from '../sender-domains/dns-resolver';

/**
 * The issue checker's sender checks for the API (issue 17): the account's sender domains from the
 * database, a sample message signed with its keys as the worker sends it, DNS through the injectable
 * resolver. What is checked lives in packages (checkMailingSender); this only gathers the inputs.
 */
@Injectable()
export class MailingSenderChecks {
  private readonly environment: SenderCheckEnvironment;

  constructor(prisma: PrismaService, @InjectConfig() config: HeraldConfig, @Inject(DNS_RESOLVER) resolve: DnsResolver) {
    this.environment = senderCheckEnvironment(
      config,
      senderDomainRepository.checkSource(prisma.client, senderPlatformOf(config)),
      formatTrackedDestination,
      resolve,
    );
  }

  check(
    mailing: { id: number; accountId: number },
    version: DocumentVersionContent & { body?: string | null },
    trackingEnabled: boolean,
  ): Promise<Finding[]> {
    return checkMailingSender(
      {
        mailingId: mailing.id,
        accountId: mailing.accountId,
        content: {
          fromName: version.fromName,
          fromAddress: version.fromAddress,
          replyTo: version.replyTo,
          subject: version.subject,
          html: version.html,
          text: version.text,
          body: version.body ?? null,
        },
        trackingEnabled,
      },
      this.environment,
    );
  }
}
