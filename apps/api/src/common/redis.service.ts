import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from './config';

const QUIT_WAIT_MS = 2000;

/** A shared Redis connection for the API's own keys (rate limits, health); BullMQ keeps its own. */
@Injectable()
export class RedisService implements OnApplicationShutdown {
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

  /**
   * After the HTTP server has stopped (not at module destroy, while requests still run), and with QUIT
   * when Redis answers, so a command in flight (a tracking event's XADD) completes instead of failing
   * with "Connection is closed".
   */
  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      const quit = this.client.quit().then(
        () => true,
        () => false, // Redis went away meanwhile: nothing left to finish
      );
      // A Redis that stops answering must not hold up the exit.
      const quitted = await Promise.race([
        quit,
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), QUIT_WAIT_MS))),
      ]);
      clearTimeout(timer);
      if (quitted) return;
    }
    this.client.disconnect();
  }
}
