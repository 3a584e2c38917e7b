import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from '../common/config';
import { decodeStreamEntry, trackingStreamKey } from '@herald/queue';
import { EventIngestionHandler, type IncomingResult } from './event-ingestion.handler';

export const INGEST_GROUP = 'herald-ingest';
const BATCH = 1_000;
type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/** A stream entry as a result to store: the entry id is its dedupe key, so a redelivered entry is stored once. */
export function incomingResultOf(id: string, fields: string[]): IncomingResult | null {
  const parsed = decodeStreamEntry(fields);
  return parsed ? { ...parsed, key: `s:${id}` } : null;
}

/**
 * Reads the tracking event stream as a consumer group: entries are acknowledged only after they are
 * stored, so a crash or a PostgreSQL outage loses nothing; entries left pending by a dead consumer
 * are claimed again. Storing is idempotent (the entry id is the event's dedupe key).
 */
@Injectable()
export class TrackingStreamConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrackingStreamConsumer.name);
  private readonly consumer = `${hostname()}-${process.pid}`;
  private readonly key: string;
  private redis: Redis | null = null;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly ingestion: EventIngestionHandler,
  ) {
    this.key = trackingStreamKey(config.REDIS_PREFIX);
  }

  async onApplicationBootstrap(): Promise<void> {
    // A connection of its own: XREADGROUP BLOCK holds it while waiting.
    this.redis = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    await this.redis.xgroup('CREATE', this.key, INGEST_GROUP, '0', 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
    this.redis?.disconnect();
  }

  private async run(): Promise<void> {
    let lastClaim = 0;
    while (this.running) {
      try {
        if (Date.now() - lastClaim > 15_000) {
          lastClaim = Date.now();
          // Entries a crashed consumer read but never acknowledged (ours included, after a restart).
          const [, claimed] = (await this.redis!.xautoclaim(
            this.key,
            INGEST_GROUP,
            this.consumer,
            30_000,
            '0-0',
            'COUNT',
            BATCH,
          )) as [string, Array<[string, string[]]>];
          if (claimed.length) await this.handle(claimed);
        }
        const reply = (await this.redis!.xreadgroup(
          'GROUP',
          INGEST_GROUP,
          this.consumer,
          'COUNT',
          BATCH,
          'BLOCK',
          500,
          'STREAMS',
          this.key,
          '>',
        )) as StreamReply;
        if (reply) for (const [, entries] of reply) await this.handle(entries);
      } catch (error) {
        if (!this.running) break;
        this.logger.warn({ err: error }, 'event ingestion paused; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async handle(entries: Array<[string, string[]]>): Promise<void> {
    const results: IncomingResult[] = [];
    for (const [id, fields] of entries) {
      if (!fields) continue; // deleted meanwhile
      const parsed = incomingResultOf(id, fields);
      if (parsed) results.push(parsed);
      else this.logger.warn({ id }, 'malformed tracking event dropped');
    }
    await this.ingestion.ingest(results);
    await this.redis!.xack(this.key, INGEST_GROUP, ...entries.map(([id]) => id));
    // Acknowledged entries are stored in PostgreSQL; drop them from the stream to keep Redis small.
    await this.redis!.xdel(this.key, ...entries.map(([id]) => id));
  }
}
