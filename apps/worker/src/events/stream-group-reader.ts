import { hostname } from 'node:os';
import type { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** One entry of a Redis stream: its id and its fields as [name, value, name, value...]. */
export type StreamEntry = [id: string, fields: string[]];

type StreamReply = Array<[string, StreamEntry[]]> | null;

export interface StreamGroupReaderOptions {
  redisUrl: string;
  key: string;
  group: string;
  logger: Logger;
  /** What the reader feeds, for its log lines: "event ingestion". */
  what: string;
  /** Stores a batch; the entries are acknowledged and deleted only once it resolves. Must be idempotent by entry id. */
  store(entries: StreamEntry[]): Promise<void>;
  batch?: number;
}

/**
 * Reads a Redis stream as a consumer group in batches, for every stream the worker stores from (tracking
 * results, page views): entries are acknowledged only after they are stored, so a crash or a PostgreSQL
 * outage loses nothing; entries a dead consumer left pending are claimed again; stored entries are
 * deleted to keep Redis small.
 */
export class StreamGroupReader {
  private readonly consumer = `${hostname()}-${process.pid}`;
  private readonly batch: number;
  private redis: Redis | null = null;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly options: StreamGroupReaderOptions) {
    this.batch = options.batch ?? 1_000;
  }

  async start(): Promise<void> {
    // A connection of its own: XREADGROUP BLOCK holds it while waiting.
    this.redis = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    await this.redis.xgroup('CREATE', this.options.key, this.options.group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
    this.running = true;
    this.loop = this.run(this.redis);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.redis?.disconnect();
  }

  private async run(redis: Redis): Promise<void> {
    const { key, group } = this.options;
    let lastClaim = 0;
    while (this.running) {
      try {
        if (Date.now() - lastClaim > 15_000) {
          lastClaim = Date.now();
          // Entries a crashed consumer read but never acknowledged (ours included, after a restart).
          const [, claimed] = (await redis.xautoclaim(
            key,
            group,
            this.consumer,
            30_000,
            '0-0',
            'COUNT',
            this.batch,
          )) as [string, StreamEntry[]];
          if (claimed.length) await this.handle(redis, claimed);
        }
        const reply = (await redis.xreadgroup(
          'GROUP',
          group,
          this.consumer,
          'COUNT',
          this.batch,
          'BLOCK',
          500,
          'STREAMS',
          key,
          '>',
        )) as StreamReply;
        if (reply) for (const [, entries] of reply) await this.handle(redis, entries);
      } catch (error) {
        if (!this.running) break;
        this.options.logger.warn({ err: error }, `${this.options.what} paused; retrying`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async handle(redis: Redis, entries: StreamEntry[]): Promise<void> {
    // An entry deleted meanwhile comes back without fields.
    await this.options.store(entries.filter(([, fields]) => Boolean(fields)));
    const ids = entries.map(([id]) => id);
    await redis.xack(this.options.key, this.options.group, ...ids);
    await redis.xdel(this.options.key, ...ids);
  }
}
