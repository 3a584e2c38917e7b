import { senderSideCode } from '@herald/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { twilioSettings, type TwilioSettings } from '@herald/config';
import { isSignedByTwilio, smsReplyKeyword, twilioErrorKind } from '@herald/channels';
import { prismaRunner, profileSuppressionRepository, providerDestinationRepository } from '@herald/db';
import { DomainError, DomainErrorCode } from '@herald/domain';
import { encodeStreamEntry, parseTrackedDestination, trackingStreamKey, type TrackingStreamEntry } from '@herald/queue';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { sentDestination } from '../../common/provider-results';
import { RedisService } from '../../common/redis.service';

/** A webhook request as Twilio signed it: the public URL it was sent to and its POST parameters. */
export interface SignedWebhook {
  url: string;
  signature: string | undefined;
  params: unknown;
}

// Twilio's message statuses; the final ones end a message, the others only say where it is.
const STATUSES = new Set([
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'receiving',
  'received',
]);
const FAILED = new Set(['undelivered', 'failed']);
// The carrier's delivery report (`read` follows it where the channel reports reading).
const DELIVERED = new Set(['delivered', 'read']);
// A repeated callback within this time changes nothing (Twilio may repeat; none comes later than this).
const SEEN_TTL_SECONDS = 30 * 24 * 3600;

export type StatusAnswer = 'recorded' | 'ignored';

/**
 * Twilio's webhooks: status callbacks and inbound replies. Only Twilio's signature (over the public
 * URL, which carries the destination we gave Twilio for the message) says whose a message is.
 */
@Injectable()
export class SmsWebhooksService {
  private readonly logger = new Logger(SmsWebhooksService.name);
  private readonly twilio: TwilioSettings | null;
  private readonly streamKey: string;

  constructor(
    @InjectConfig() config: HeraldConfig,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {
    this.twilio = twilioSettings(config);
    this.streamKey = trackingStreamKey(config.REDIS_PREFIX);
  }

  /** The parameters, only when Twilio signed them for this URL; anything else is refused with 403. */
  private verified(request: SignedWebhook): Record<string, string> {
    const params = request.params;
    const flat =
      params !== null &&
      typeof params === 'object' &&
      !Array.isArray(params) &&
      Object.values(params).every((v) => typeof v === 'string');
    if (
      !this.twilio ||
      !flat ||
      !isSignedByTwilio(this.twilio.authToken, request.signature, request.url, params as Record<string, string>)
    ) {
      throw new DomainError(DomainErrorCode.Forbidden, 'The request does not carry a valid X-Twilio-Signature');
    }
    return params as Record<string, string>;
  }

  async status(request: SignedWebhook, destination: string | undefined): Promise<StatusAnswer> {
    const params = this.verified(request);
    const target = parseTrackedDestination(destination ?? '');
    const sid = params['MessageSid'] ?? '';
    const status = params['MessageStatus'] ?? params['SmsStatus'] ?? '';
    if (!target || !/^(SM|MM)[0-9a-f]{32}$/.test(sid))
      throw DomainError.validation('A status callback names a destination (d) and a MessageSid', [
        { path: target ? 'MessageSid' : 'd', message: 'missing or malformed' },
      ]);
    if (!STATUSES.has(status))
      throw DomainError.validation(`Unknown message status "${status}"`, [
        { path: 'MessageStatus', message: 'unknown' },
      ]);
    // Statuses only move forward and may repeat: the first final status of a message is its result.
    const seen = this.redis.key('sms-final', sid);
    if (status === 'canceled') {
      await this.redis.client.set(seen, status, 'EX', SEEN_TTL_SECONDS, 'NX');
      return 'ignored';
    }
    const delivered = DELIVERED.has(status);
    if (!delivered && !FAILED.has(status)) return 'ignored';

    const row = await sentDestination(this.prisma.client, target);
    // The SID the send stored must agree (it is stored with the send's outcome).
    if (!row || (row.providerMessageId !== null && row.providerMessageId !== sid)) {
      this.logger.warn(
        { mailingId: target.mailingId },
        'SMS status for an unknown destination or another message ignored',
      );
      return 'ignored';
    }
    if ((await this.redis.client.set(seen, status, 'EX', SEEN_TTL_SECONDS, 'NX')) !== 'OK') return 'ignored';
    try {
      if (delivered)
        await providerDestinationRepository.confirmDelivery(prismaRunner(this.prisma.client), target, new Date());
      else
        await this.redis.client.xadd(this.streamKey, '*', ...encodeStreamEntry(this.failure(target, status, params)));
    } catch (error) {
      // Not recorded: forget that it was seen, so Twilio's or an operator's repeat can still record it.
      await this.redis.client.del(seen).catch(() => undefined);
      throw error;
    }
    return 'recorded';
  }

  /** The bounce an `undelivered` or `failed` status records, hard or soft by Twilio's error code. */
  private failure(
    target: { mailingId: number; destinationId: bigint },
    status: string,
    params: Record<string, string>,
  ): TrackingStreamEntry {
    const code = Number(params['ErrorCode'] ?? '');
    const kind = twilioErrorKind(Number.isInteger(code) && code > 0 ? code : null);
    const errorCode = Number.isInteger(code) && code > 0 ? String(code) : status;
    return {
      kind: 'bounce',
      mailingId: target.mailingId,
      destinationId: target.destinationId,
      at: new Date(),
      errorKind: kind === 'HARD' ? 'HARD' : 'SOFT',
      // The ingestion reads a `sender:` code as about us, not the recipient.
      errorCode: kind === 'SENDER' ? senderSideCode(errorCode) : errorCode,
      errorText: `SMS ${status}${params['ErrorCode'] ? ` (Twilio error ${params['ErrorCode']})` : ''}`,
    };
  }

  /** An inbound reply: STOP and its synonyms opt the number out of SMS, START opts it back in. */
  async inbound(request: SignedWebhook): Promise<{ keyword: 'opt-out' | 'opt-in' | null; profiles: number }> {
    const params = this.verified(request);
    const from = params['From'] ?? '';
    const keyword = smsReplyKeyword(params['Body'] ?? '');
    if (!keyword || !from) return { keyword, profiles: 0 };
    const changed = await profileSuppressionRepository.setSmsOptOutByNumber(
      prismaRunner(this.prisma.client),
      from,
      keyword === 'opt-out',
    );
    if (keyword === 'opt-out' && changed.length > 0) await this.recordOptOuts(from, changed);
    return { keyword, profiles: changed.length };
  }

  /**
   * A STOP counts as an unsubscribe of the last SMS each profile was sent at that number (its
   * mailing's report and the fold's unsubscribe figures), through the tracking stream as a link's does.
   */
  private async recordOptOuts(from: string, profiles: Array<{ id: number; accountId: number }>): Promise<void> {
    const last = await this.prisma.client.destination.findMany({
      where: {
        profileId: { in: profiles.map((p) => p.id) },
        accountId: { in: [...new Set(profiles.map((p) => p.accountId))] },
        address: from,
        status: 'SENT',
        mailing: { channel: 'SMS' },
      },
      orderBy: { id: 'desc' },
      distinct: ['profileId'],
      select: { id: true, mailingId: true },
    });
    for (const d of last) {
      await this.redis.client.xadd(
        this.streamKey,
        '*',
        ...encodeStreamEntry({ kind: 'unsubscribe', mailingId: d.mailingId, destinationId: d.id, at: new Date() }),
      );
    }
  }
}
