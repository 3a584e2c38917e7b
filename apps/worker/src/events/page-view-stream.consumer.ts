import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { decodePageViewEntry, pageViewStreamKey } from '@herald/queue';
import { InjectConfig } from '../common/config';
import { PageViewIngestionHandler, type IncomingPageView } from './page-view-ingestion.handler';
import { StreamGroupReader, type StreamEntry } from './stream-group-reader';

/**
 * Reads the page view stream as a consumer group, through the same StreamGroupReader as opens and
 * clicks: entries are acknowledged once stored, entries a dead consumer left pending are claimed again,
 * and storing is idempotent (the entry id is the view's stream id).
 */
@Injectable()
export class PageViewStreamConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PageViewStreamConsumer.name);
  private readonly reader: StreamGroupReader;

  constructor(
    @InjectConfig() config: HeraldConfig,
    private readonly ingestion: PageViewIngestionHandler,
  ) {
    this.reader = new StreamGroupReader({
      redisUrl: config.REDIS_URL,
      key: pageViewStreamKey(config.REDIS_PREFIX),
      group: 'herald-page-views',
      logger: this.logger,
      what: 'page view ingestion',
      store: (entries) => this.store(entries),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.reader.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.reader.stop();
  }

  private async store(entries: StreamEntry[]): Promise<void> {
    const views: IncomingPageView[] = [];
    for (const [id, fields] of entries) {
      const view = decodePageViewEntry(fields);
      if (view) views.push({ ...view, streamId: id });
      else this.logger.warn({ id }, 'malformed page view dropped');
    }
    await this.ingestion.ingest(views);
  }
}
