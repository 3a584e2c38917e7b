import { createHmac } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { parsePageViewBeacon } from '@herald/domain';
import { encodePageViewEntry, pageViewStreamKey } from '@herald/queue';
import { InjectConfig } from '../../common/config';
import { TrackingStreamWriter } from '../tracking/tracking-stream.writer';

export interface PageViewMeta {
  userAgent: string | undefined;
  referer: string | undefined;
  ip: string;
}

/**
 * Page views from websites' snippets and pixels, on the path opens and clicks take: checked here,
 * appended to a Redis stream of their own, stored by the worker in batches (which also verifies a
 * mailing link's visit token and resolves the website).
 */
@Injectable()
export class PageViewsService implements OnApplicationShutdown {
  private readonly logger = new Logger(PageViewsService.name);
  private readonly writer: TrackingStreamWriter;

  constructor(@InjectConfig() private readonly config: HeraldConfig) {
    this.writer = new TrackingStreamWriter(config.REDIS_URL, pageViewStreamKey(config.REDIS_PREFIX), (error, entries) =>
      this.logger.warn({ err: error, entries }, 'page views not queued'),
    );
  }

  /** Whether the view was queued; a request that is no page view of a website is not (and not an error). */
  record(query: URLSearchParams, meta: PageViewMeta): Promise<boolean> {
    const beacon = parsePageViewBeacon(query, meta.referer);
    if (!beacon) return Promise.resolve(false);
    return this.writer.append(
      encodePageViewEntry({
        ...beacon,
        at: new Date(),
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        // IP addresses are kept only as a keyed hash, as for opens and clicks.
        ipHash: meta.ip
          ? createHmac('sha256', this.config.TRACKING_SECRET).update(meta.ip).digest('base64url').slice(0, 22)
          : null,
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
  }
}
