import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@herald/domain';
import { RedisService } from './redis.service';

/** A 429 that says when to come back; the exception filter sends it as Retry-After. */
export class RetryLaterError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(DomainErrorCode.RateLimited, message);
  }
}

/**
 * Fixed-window limits kept in Redis, so that every API instance counts the same attempts
 * (a per-process limiter would multiply the limit by the number of instances).
 */
@Injectable()
export class RateLimiterService {
  constructor(private readonly redis: RedisService) {}

  async consume(bucket: string, limit: number, windowSeconds: number, message = 'Too many attempts'): Promise<void> {
    const { count, ttl } = await this.hit(bucket, windowSeconds);
    if (count > limit) throw new RetryLaterError(`${message}: try again in ${ttl} seconds`, ttl);
  }

  /** Counts one more in the bucket's window (started by the first hit); returns the count and seconds left. */
  async hit(bucket: string, windowSeconds: number): Promise<{ count: number; ttl: number }> {
    const key = this.redis.key('ratelimit', bucket);
    const [[, count], , [, ttl]] = (await this.redis.client
      .multi()
      .incr(key)
      .expire(key, windowSeconds, 'NX')
      .ttl(key)
      .exec()) as [[unknown, number], [unknown, number], [unknown, number]];
    return { count, ttl: ttl > 0 ? ttl : windowSeconds };
  }

  /** Takes back one hit, e.g. an attempt that turned out to succeed where only failures count. */
  async undo(bucket: string): Promise<void> {
    const key = this.redis.key('ratelimit', bucket);
    await this.redis.client.decr(key);
  }

  async reset(bucket: string): Promise<void> {
    await this.redis.client.del(this.redis.key('ratelimit', bucket));
  }

  /** Sets a flag for `seconds` unless it is already set (a lock-out does not extend itself). */
  async lock(name: string, seconds: number): Promise<void> {
    await this.redis.client.set(this.redis.key('lock', name), '1', 'EX', seconds, 'NX');
  }

  /** Seconds left on a lock, or 0 when there is none. */
  async lockedFor(name: string): Promise<number> {
    const ttl = await this.redis.client.ttl(this.redis.key('lock', name));
    return ttl > 0 ? ttl : 0;
  }
}
