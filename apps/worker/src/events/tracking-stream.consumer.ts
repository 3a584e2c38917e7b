import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from '../common/config';
import { decodeStreamEntry, trackingStreamKey } from '@herald/queue';
import { EventIngestionHandler, type IncomingResult } from './event-ingestion.handler';
import { StreamGroupReader, type StreamEntry } from './stream-group-reader';

export const INGEST_GROUP = 'herald-ingest';

/** A stream entry as a result to store: the entry id is its dedupe key, so a redelivered entry is stored once. */
export function incomingResultOf(id: string, fields: string[]): IncomingResult | null {
  const parsed = decodeStreamEntry(fields);
  return parsed ? { ...parsed, key: `s:${id}` } : null;
}

/**
 * Reads the tracking event stream as a consumer group (StreamGroupReader): entries are acknowledged
 * only after they are stored, so a crash or a PostgreSQL outage loses nothing. Storing is idempotent
 * (the entry id is the event's dedupe key).
 */
@Injectable()
export class TrackingStreamConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrackingStreamConsumer.name);
  private readonly reader: StreamGroupReader;

  constructor(
    @InjectConfig() config: HeraldConfig,
    private readonly ingestion: EventIngestionHandler,
  ) {
    this.reader = new StreamGroupReader({
      redisUrl: config.REDIS_URL,
      key: trackingStreamKey(config.REDIS_PREFIX),
      group: INGEST_GROUP,
      logger: this.logger,
      what: 'event ingestion',
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
    const results: IncomingResult[] = [];
    for (const [id, fields] of entries) {
      const parsed = incomingResultOf(id, fields);
      if (parsed) results.push(parsed);
      else this.logger.warn({ id }, 'malformed tracking event dropped');
    }
    await this.ingestion.ingest(results);
  }
}
