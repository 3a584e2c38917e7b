import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@herald/domain';
import { RedisService } from './redis.service';

/**
 * Fixed-window limits kept in Redis, so that every API instance counts the same attempts
 * (a per-process limiter would multiply the limit by the number of instances).
 */
@Injectable()
export class RateLimiterService {
  constructor(private readonly redis: RedisService) {}

  async consume(bucket: string, limit: number, windowSeconds: number): Promise<void> {
    const key = this.redis.key('ratelimit', bucket);
    const [[, count], [, ttl]] = (await this.redis.client.multi().incr(key).ttl(key).exec()) as [
      [unknown, number],
      [unknown, number],
    ];
    if (ttl < 0) await this.redis.client.expire(key, windowSeconds);
    if (count > limit) {
      throw new DomainError(
        DomainErrorCode.RateLimited,
        `Too many attempts: try again in ${ttl > 0 ? ttl : windowSeconds} seconds`,
      );
    }
  }
}
