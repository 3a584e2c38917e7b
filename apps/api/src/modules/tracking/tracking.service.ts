import { createHmac } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { redirectTarget, verifyTrackingToken, type TrackingTokenPayload } from '@herald/templating';
import { profileSuppressionRepository, prismaRunner } from '@herald/db';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { RedisService } from '../../common/redis.service';
import { LinkCacheService } from './link-cache.service';
import { TrackingStreamWriter } from './tracking-stream.writer';
import { encodeStreamEntry, parseTrackedDestination, trackingStreamKey, type TrackingResultKind } from '@herald/queue';

const MAX_IP_HASHES = 10_000;

export interface RequestMeta {
  method: string;
  userAgent: string | undefined;
  ip: string | undefined;
}

export type TrackingResult =
  | { kind: 'pixel' }
  | { kind: 'redirect'; location: string }
  | { kind: 'unsubscribed'; oneClick: boolean }
  | { kind: 'not-found' }
  | { kind: 'unavailable' };

@Injectable()
export class TrackingService {
  private readonly logger = new Logger(TrackingService.name);
  private readonly stream: TrackingStreamWriter;
  // Keyed hashes of recent client addresses: an HMAC was a tenth of a tracking request's CPU, and
  // opens and clicks come in bursts from the same addresses (a recipient, a proxy, a scanner).
  private readonly ipHashes = new Map<string, string>();

  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly redis: RedisService,
    private readonly prisma: PrismaService,
    private readonly links: LinkCacheService,
  ) {
    this.stream = new TrackingStreamWriter(redis.client, trackingStreamKey(config.REDIS_PREFIX), (error, entries) =>
      this.logger.error({ err: error, entries }, 'tracking events could not be queued'),
    );
  }

  async open(token: string, meta: RequestMeta): Promise<TrackingResult> {
    const payload = this.verify(token, 'open');
    if (!payload) return { kind: 'not-found' };
    return (await this.record('open', payload.destinationId, meta)) ? { kind: 'pixel' } : { kind: 'unavailable' };
  }

  /** Redirects only to a URL the document linked to: the position's URL, or a personalised URL the HMAC covers. */
  async click(token: string, meta: RequestMeta): Promise<TrackingResult> {
    const payload = this.verify(token, 'click');
    if (!payload || payload.linkPosition === undefined) return { kind: 'not-found' };
    const target = parseTrackedDestination(payload.destinationId)!;
    let location: string | null | undefined;
    if (payload.url !== undefined) {
      location = redirectTarget(payload.url);
    } else {
      try {
        location = await this.links.redirectTarget(target.mailingId, payload.linkPosition);
      } catch (error) {
        this.logger.warn({ err: error }, 'link lookup failed');
        return { kind: 'unavailable' };
      }
    }
    // Not an absolute http(s) URL (javascript:, data:, relative): never a redirect target.
    if (!location) return { kind: 'not-found' };
    // The recipient gets where they were going even if the event store is down; the event is logged as lost.
    await this.record('click', payload.destinationId, meta, { linkPosition: payload.linkPosition, url: payload.url });
    return { kind: 'redirect', location };
  }

  /**
   * Unsubscribes at once and durably (in PostgreSQL, not only on the stream): the document's link
   * (GET) and the RFC 8058 one-click POST alike. HEAD, sent by link scanners, changes nothing.
   */
  async unsubscribe(token: string, meta: RequestMeta, oneClick: boolean): Promise<TrackingResult> {
    const payload = this.verify(token, 'unsubscribe');
    if (!payload) return { kind: 'not-found' };
    if (meta.method === 'HEAD') return { kind: 'unsubscribed', oneClick };
    const target = parseTrackedDestination(payload.destinationId)!;
    try {
      const reason = oneClick ? 'one-click unsubscribe (List-Unsubscribe-Post)' : 'unsubscribe link';
      const found = await profileSuppressionRepository.unsubscribeThroughDestination(
        prismaRunner(this.prisma.client),
        target,
        reason,
      );
      if (!found) return { kind: 'not-found' };
    } catch (error) {
      this.logger.warn({ err: error }, 'unsubscribe failed');
      return { kind: 'unavailable' };
    }
    await this.record(oneClick ? 'one-click-unsubscribe' : 'unsubscribe', payload.destinationId, meta);
    return { kind: 'unsubscribed', oneClick };
  }

  private verify(token: string, kind: TrackingTokenPayload['kind']): TrackingTokenPayload | null {
    if (token.length > 20_000) return null;
    const payload = verifyTrackingToken(token, this.config.TRACKING_SECRET);
    if (!payload || payload.kind !== kind || !parseTrackedDestination(payload.destinationId)) return null;
    return payload;
  }

  /** Appends to the event stream; the worker stores events in batches. */
  private record(
    kind: TrackingResultKind,
    trackedDestination: string,
    meta: RequestMeta,
    extra: { linkPosition?: number; url?: string } = {},
  ): Promise<boolean> {
    const { mailingId, destinationId } = parseTrackedDestination(trackedDestination)!;
    const fields = encodeStreamEntry({
      kind,
      mailingId,
      destinationId,
      at: new Date(),
      method: meta.method,
      userAgent: meta.userAgent,
      ipHash: meta.ip ? this.hashIp(meta.ip) : undefined,
      ...extra,
    });
    return this.stream.append(fields);
  }

  /** IP addresses are kept only as a keyed hash (ePrivacy: minimise). */
  private hashIp(ip: string): string {
    let hash = this.ipHashes.get(ip);
    if (hash === undefined) {
      hash = createHmac('sha256', this.config.TRACKING_SECRET).update(ip).digest('base64url').slice(0, 22);
      if (this.ipHashes.size >= MAX_IP_HASHES) this.ipHashes.clear();
      this.ipHashes.set(ip, hash);
    }
    return hash;
  }
}
