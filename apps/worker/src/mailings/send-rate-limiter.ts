import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig, InjectRedis } from '../common/config';

/**
 * A mailing's "maximum messages per minute", shared by every worker process through Redis.
 * Counted per second (a sixtieth of the minute's budget each), so a mailing does not burst a whole
 * minute's messages at the top of each minute. Slots are taken in small blocks to spare Redis.
 */
@Injectable()
export class SendRateLimiter {
  private readonly local = new Map<number, { second: number; left: number }>();

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  async acquire(mailingId: number, maxPerMinute: number | null): Promise<void> {
    if (!maxPerMinute) return;
    const perSecond = Math.max(1, Math.floor(maxPerMinute / 60));
    for (;;) {
      const second = Math.floor(Date.now() / 1000);
      const slot = this.local.get(mailingId);
      if (slot && slot.second === second && slot.left > 0) {
        slot.left--;
        return;
      }
      const block = Math.min(perSecond, 5);
      const key = `${this.config.REDIS_PREFIX}:rate:${mailingId}:${second}`;
      const [[, used]] = (await this.redis.multi().incrby(key, block).expire(key, 5).exec()) as [[unknown, number]];
      const granted = Math.max(0, Math.min(block, perSecond - (used - block)));
      if (granted > 0) {
        this.local.set(mailingId, { second, left: granted - 1 });
        return;
      }
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 1));
    }
  }
}
