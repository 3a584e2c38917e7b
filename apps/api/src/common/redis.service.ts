import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from './config';

/** A shared Redis connection for the API's own keys (rate limits, health); BullMQ keeps its own. */
@Injectable()
export class RedisService implements OnModuleDestroy {
  readonly client: Redis;
  readonly prefix: string;

  constructor(@InjectConfig() config: HeraldConfig) {
    this.prefix = config.REDIS_PREFIX;
    // One retry per command: while Redis is down a request fails within a second or two instead of hanging.
    this.client = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    this.client.on('error', () => undefined);
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
