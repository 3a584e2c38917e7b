import { createHmac } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { withVisitToken } from '@herald/domain';
import { redirectTarget, signVisitToken, verifyTrackingToken, type TrackingTokenPayload } from '@herald/templating';
import { profileSuppressionRepository, prismaRunner } from '@herald/db';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { LinkCacheService, type RedirectLink } from './link-cache.service';
import { TrackingStreamWriter } from './tracking-stream.writer';
import {
  encodeStreamEntry,
  parseTrackedDestination,
  TEST_MESSAGE_DESTINATION,
  trackingStreamKey,
  type TrackingResultKind,
} from '@herald/queue';

const MAX_IP_HASHES = 10_000;

export interface RequestMeta {
  method: string;
  userAgent: string | undefined;
  ip: string | undefined;
}

export type TrackingResult =
  | { kind: 'pixel' }
  | { kind: 'redirect'; location: string }
  /** `page`: answer with the HTML page (a person's browser), not the one-click text. */
  | { kind: 'unsubscribed'; oneClick: boolean; page?: boolean }
  /** The List-Unsubscribe URL fetched with GET: a page whose button posts back; nothing changed. */
  | { kind: 'confirm-unsubscribe' }
  /** A test mail's unsubscribe link or header: nothing to unsubscribe, and the page says so. */
  | { kind: 'test-message' }
  | { kind: 'not-found' }
  | { kind: 'unavailable' };

type TrackedDestination = NonNullable<ReturnType<typeof parseTrackedDestination>>;

interface VerifiedToken {
  payload: TrackingTokenPayload;
  target: TrackedDestination;
}

// The answers that carry nothing of their own, allocated once.
const PIXEL: TrackingResult = { kind: 'pixel' };
const UNAVAILABLE: TrackingResult = { kind: 'unavailable' };
const NOT_FOUND_ANSWER: Promise<TrackingResult> = Promise.resolve({ kind: 'not-found' });
const pixelIfQueued = (queued: boolean): TrackingResult => (queued ? PIXEL : UNAVAILABLE);

@Injectable()
export class TrackingService implements OnApplicationShutdown {
  private readonly logger = new Logger(TrackingService.name);
  private readonly stream: TrackingStreamWriter;
  // Keyed hashes of recent client addresses: an HMAC was a tenth of a tracking request's CPU, and
  // opens and clicks come in bursts from the same addresses (a recipient, a proxy, a scanner).
  private readonly ipHashes = new Map<string, string>();

  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly prisma: PrismaService,
    private readonly links: LinkCacheService,
  ) {
    this.stream = new TrackingStreamWriter(config.REDIS_URL, trackingStreamKey(config.REDIS_PREFIX), (error, entries) =>
      this.logger.error({ err: error, entries }, 'tracking events could not be queued'),
    );
  }

  /** After the HTTP server has stopped: what its last requests appended reaches Redis before the connection closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.stream.close();
  }

  /**
   * Synchronous up to the stream's append, whose promise it maps to the answer: opens and clicks come
   * once per recipient and per link, and each async step was a promise and a turn of its own.
   */
  open(token: string, meta: RequestMeta): Promise<TrackingResult> {
    try {
      const verified = this.verify(token, 'open');
      if (!verified) return NOT_FOUND_ANSWER;
      return this.record('open', verified.target, meta).then(pixelIfQueued);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Redirects only to a URL the document linked to: the position's URL, or a personalised URL the HMAC covers. */
  click(token: string, meta: RequestMeta): Promise<TrackingResult> {
    try {
      const verified = this.verify(token, 'click');
      const position = verified?.payload.linkPosition;
      if (!verified || position === undefined) return NOT_FOUND_ANSWER;
      const { payload, target } = verified;
      if (payload.url !== undefined)
        return this.redirect(redirectTarget(payload.url), target, meta, position, payload.url);
      // The links of a mailing already clicked are in memory: no promise to wait for.
      const known = this.links.loaded(target.mailingId);
      if (known) return this.redirect(this.locationOf(known.get(position), payload), target, meta, position, undefined);
      return this.links.redirectTarget(target.mailingId, position).then(
        (link) => this.redirect(this.locationOf(link, payload), target, meta, position, undefined),
        (error: unknown) => {
          this.logger.warn({ err: error }, 'link lookup failed');
          return UNAVAILABLE;
        },
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Where a click on a stored link goes: to one of the account's websites with the visit token (docs/rules/websites.md). */
  private locationOf(link: RedirectLink | undefined, payload: TrackingTokenPayload): string | undefined {
    if (!link?.toWebsite) return link?.location;
    return withVisitToken(link.location, signVisitToken(payload.destinationId, this.config.TRACKING_SECRET));
  }

  private redirect(
    location: string | null | undefined,
    target: TrackedDestination,
    meta: RequestMeta,
    linkPosition: number,
    url: string | undefined,
  ): Promise<TrackingResult> {
    // Not an absolute http(s) URL (javascript:, data:, relative): never a redirect target.
    if (!location) return NOT_FOUND_ANSWER;
    // The recipient gets where they were going even if the event store is down; the event is logged as lost.
    return this.record('click', target, meta, linkPosition, url).then(() => ({ kind: 'redirect', location }));
  }

  /**
   * Unsubscribes at once and durably (in PostgreSQL, not only on the stream): the document's link
   * (GET) and the RFC 8058 one-click POST alike. HEAD, sent by link scanners, changes nothing.
   */
  async unsubscribe(token: string, meta: RequestMeta, oneClick: boolean, page = false): Promise<TrackingResult> {
    if (this.isTestMessage(token)) return { kind: 'test-message' };
    const verified = this.verify(token, 'unsubscribe');
    if (!verified) return { kind: 'not-found' };
    if (meta.method === 'HEAD') return { kind: 'unsubscribed', oneClick, page };
    try {
      const reason = oneClick ? 'one-click unsubscribe (List-Unsubscribe-Post)' : 'unsubscribe link';
      const found = await profileSuppressionRepository.unsubscribeThroughDestination(
        prismaRunner(this.prisma.client),
        verified.target,
        reason,
      );
      if (!found) return { kind: 'not-found' };
    } catch (error) {
      this.logger.warn({ err: error }, 'unsubscribe failed');
      return { kind: 'unavailable' };
    }
    await this.record(oneClick ? 'one-click-unsubscribe' : 'unsubscribe', verified.target, meta);
    return { kind: 'unsubscribed', oneClick, page };
  }

  /**
   * The List-Unsubscribe URL fetched with GET or HEAD (RFC 8058: only its POST may act, since
   * scanners fetch every URL of a message): a page whose button posts back; nothing is recorded.
   */
  confirmUnsubscribe(token: string): Promise<TrackingResult> {
    if (this.isTestMessage(token)) return Promise.resolve({ kind: 'test-message' });
    return Promise.resolve(this.verify(token, 'unsubscribe') ? { kind: 'confirm-unsubscribe' } : { kind: 'not-found' });
  }

  /** A test mail's token: signed for the test-message destination, which names no mailing. */
  private isTestMessage(token: string): boolean {
    if (token.length > 20_000) return false;
    const payload = verifyTrackingToken(token, this.config.TRACKING_SECRET);
    return payload?.kind === 'unsubscribe' && payload.destinationId === TEST_MESSAGE_DESTINATION;
  }

  /** The token's payload and its destination, parsed once for the whole request; null for anything not this kind's. */
  private verify(token: string, kind: TrackingTokenPayload['kind']): VerifiedToken | null {
    if (token.length > 20_000) return null;
    const payload = verifyTrackingToken(token, this.config.TRACKING_SECRET);
    if (!payload || payload.kind !== kind) return null;
    const target = parseTrackedDestination(payload.destinationId);
    return target ? { payload, target } : null;
  }

  /** Appends to the event stream; the worker stores events in batches. */
  private record(
    kind: TrackingResultKind,
    target: TrackedDestination,
    meta: RequestMeta,
    linkPosition?: number,
    url?: string,
  ): Promise<boolean> {
    const fields = encodeStreamEntry({
      kind,
      mailingId: target.mailingId,
      destinationId: target.destinationId,
      at: new Date(),
      method: meta.method,
      userAgent: meta.userAgent,
      ipHash: meta.ip ? this.hashIp(meta.ip) : undefined,
      linkPosition,
      url,
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
