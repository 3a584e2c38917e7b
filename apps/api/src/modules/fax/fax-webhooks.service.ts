import { Injectable, Logger } from '@nestjs/common';
import { faxApiSettings, type FaxApiSettings, type HeraldConfig } from '@herald/config';
import { faxStatusOf, isSignedByFaxProvider } from '@herald/channels';
import { prismaRunner, providerDestinations } from '@herald/db';
import { DomainError, DomainErrorCode } from '@herald/domain';
import { parseTrackedDestination, recordFaxStatus, type FaxStatusStore } from '@herald/queue';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { RedisService } from '../../common/redis.service';

/** A callback as the fax API signed it: the public URL it was sent to and its POST parameters. */
export interface SignedFaxCallback {
  url: string;
  signature: string | undefined;
  params: unknown;
}

/**
 * The HTTP fax API's status callbacks: how each fax ended (delivered, busy, no answer, failed) and its
 * pages. Only the provider's signature (over the public URL, which carries the destination we gave it
 * for the fax) says whose a fax is; the fax id the send stored must agree.
 */
@Injectable()
export class FaxWebhooksService {
  private readonly logger = new Logger(FaxWebhooksService.name);
  private readonly api: FaxApiSettings | null;
  private readonly store: FaxStatusStore;

  constructor(@InjectConfig() config: HeraldConfig, prisma: PrismaService, redis: RedisService) {
    this.api = faxApiSettings(config);
    // The same recording as a gateway's status mail (the worker's inbound SMTP server).
    this.store = {
      redis: redis.client,
      prefix: config.REDIS_PREFIX,
      destinations: providerDestinations(prismaRunner(prisma.client)),
    };
  }

  async status(request: SignedFaxCallback, destination: string | undefined): Promise<'recorded' | 'ignored'> {
    const { params } = request;
    const flat =
      params !== null &&
      typeof params === 'object' &&
      !Array.isArray(params) &&
      Object.values(params).every((v) => typeof v === 'string');
    if (
      !this.api ||
      !flat ||
      !isSignedByFaxProvider(this.api.callbackToken, request.signature, request.url, params as Record<string, string>)
    ) {
      throw new DomainError(DomainErrorCode.Forbidden, 'The request does not carry a valid X-Phaxio-Signature');
    }
    const target = parseTrackedDestination(destination ?? '');
    if (!target)
      throw DomainError.validation('A fax status callback names a destination (d)', [
        { path: 'd', message: 'missing or malformed' },
      ]);
    const status = faxStatusOf(params as Record<string, string>);
    if (status === null)
      throw DomainError.validation('The callback does not carry a fax in the fax API’s shape', [
        { path: 'fax', message: 'must be the fax as JSON, with its id, status and num_pages' },
      ]);
    if (status === 'pending') return 'ignored';

    const recorded = await recordFaxStatus(this.store, target, status);
    if (recorded === 'ignored')
      this.logger.warn(
        { mailingId: target.mailingId },
        'Fax status for an unknown destination, another fax or a repeat ignored',
      );
    return recorded;
  }
}
