import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, DomainErrorCode } from '@herald/domain';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { RateLimiterService, RetryLaterError } from '../../common/rate-limiter.service';
import { hashPassword, verifyPassword } from '../../common/auth/passwords';
import type { Principal } from '../../common/auth/principal';
import type { LoginResponse, MeResponse, UserResponse } from './auth.dto';

const USER_SELECT = { id: true, email: true, name: true, role: true, accountId: true } as const;
const INVALID_LOGIN = 'Invalid email or password';

/** E-mail addresses are personal data: Redis keys hold a digest of them. */
function emailKey(email: string): string {
  return createHash('sha256').update(email).digest('base64url').slice(0, 22);
}

function lockedOut(limit: number, seconds: number): RetryLaterError {
  return new RetryLaterError(
    `Too many failed logins for this account (${limit}): logging in to it is locked for another ${seconds} seconds`,
    seconds,
  );
}

@Injectable()
export class AuthService {
  // Verified against when the user does not exist, so both failures take the same time.
  private readonly dummyHash: Promise<string> = hashPassword('herald-timing-equaliser');

  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    private readonly limiter: RateLimiterService,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  /**
   * Three limits, all in Redis: attempts per IP and e-mail, failures per IP over all e-mails (one
   * address cannot try every account), and failures per e-mail from anywhere, which lock it out for
   * LOGIN_LOCKOUT_SECONDS. They key on the e-mail as typed, so an unknown address locks the same
   * way and the answers do not tell whether it exists.
   */
  async login(email: string, password: string, clientIp: string): Promise<LoginResponse> {
    const account = `login-account:${emailKey(email)}`;
    const perIp = `login-ip:${clientIp}`;
    const lockedFor = await this.limiter.lockedFor(account);
    if (lockedFor > 0) throw lockedOut(this.config.LOGIN_ACCOUNT_FAILURE_LIMIT, lockedFor);
    await this.limiter.consume(
      `login:${clientIp}:${emailKey(email)}`,
      this.config.LOGIN_RATE_LIMIT,
      this.config.LOGIN_RATE_WINDOW_SECONDS,
      'Too many login attempts',
    );
    // Counted before the password is checked, so parallel attempts cannot slip past the limit; a success takes its hit back.
    const fromIp = await this.limiter.hit(perIp, this.config.LOGIN_RATE_WINDOW_SECONDS);
    if (fromIp.count > this.config.LOGIN_IP_RATE_LIMIT) {
      throw new RetryLaterError(
        `Too many failed logins from this address: try again in ${fromIp.ttl} seconds`,
        fromIp.ttl,
      );
    }
    const failures = await this.limiter.hit(account, this.config.LOGIN_LOCKOUT_SECONDS);
    if (failures.count > this.config.LOGIN_ACCOUNT_FAILURE_LIMIT) {
      await this.limiter.lock(account, this.config.LOGIN_LOCKOUT_SECONDS);
      throw lockedOut(this.config.LOGIN_ACCOUNT_FAILURE_LIMIT, await this.limiter.lockedFor(account));
    }
    const user = await this.prisma.client.user.findUnique({
      where: { email },
      select: { ...USER_SELECT, passwordHash: true },
    });
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok) {
      if (failures.count >= this.config.LOGIN_ACCOUNT_FAILURE_LIMIT)
        await this.limiter.lock(account, this.config.LOGIN_LOCKOUT_SECONDS);
      throw new DomainError(DomainErrorCode.Unauthenticated, INVALID_LOGIN);
    }
    await Promise.all([this.limiter.undo(perIp), this.limiter.reset(account)]);
    await this.prisma.client.user.update({
      where: { id: user.id },
      data: { lastLoginAt: new Date() },
      select: { id: true },
    });
    const token = await this.jwt.signAsync({ sub: user.id });
    return { token, expiresIn: this.config.JWT_TTL_SECONDS, user: toUserResponse(user) };
  }

  async me(principal: Principal): Promise<MeResponse> {
    if (principal.apiKeyId !== null) {
      const key = await this.prisma.client.apiKey.findFirst({
        where: { id: principal.apiKeyId, accountId: principal.accountId },
        select: { id: true, name: true, prefix: true, role: true, accountId: true },
      });
      if (!key) throw DomainError.notFound('API key', principal.apiKeyId);
      return {
        kind: 'API_KEY',
        accountId: key.accountId,
        role: key.role,
        apiKey: { id: key.id, name: key.name, prefix: key.prefix },
      };
    }
    if (principal.userId === null) throw DomainError.notFound('User', 'of this principal');
    const user = await this.prisma.client.user.findFirst({
      where: { id: principal.userId, accountId: principal.accountId },
      select: USER_SELECT,
    });
    if (!user) throw DomainError.notFound('User', principal.userId);
    return { kind: 'USER', ...toUserResponse(user) };
  }
}

export function toUserResponse(user: {
  id: number;
  email: string;
  name: string;
  role: UserResponse['role'];
  accountId: number;
}): UserResponse {
  return { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId };
}
