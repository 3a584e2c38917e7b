import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, DomainErrorCode } from '@herald/domain';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { RateLimiterService } from '../../common/rate-limiter.service';
import { hashPassword, verifyPassword } from '../../common/auth/passwords';
import type { Principal } from '../../common/auth/principal';
import type { LoginResponse, UserResponse } from './auth.dto';

const USER_SELECT = { id: true, email: true, name: true, role: true, accountId: true } as const;
const INVALID_LOGIN = 'Invalid email or password';

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

  async login(email: string, password: string, clientIp: string): Promise<LoginResponse> {
    await this.limiter.consume(
      `login:${clientIp}:${email}`,
      this.config.LOGIN_RATE_LIMIT,
      this.config.LOGIN_RATE_WINDOW_SECONDS,
    );
    const user = await this.prisma.client.user.findUnique({
      where: { email },
      select: { ...USER_SELECT, passwordHash: true },
    });
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok) throw new DomainError(DomainErrorCode.Unauthenticated, INVALID_LOGIN);
    await this.prisma.client.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
    const token = await this.jwt.signAsync({ sub: user.id });
    return { token, expiresIn: this.config.JWT_TTL_SECONDS, user: toUserResponse(user) };
  }

  async me(principal: Principal): Promise<UserResponse> {
    if (principal.userId === null) throw DomainError.notFound('User', 'of this API key');
    const user = await this.prisma.client.user.findFirst({
      where: { id: principal.userId, accountId: principal.accountId },
      select: USER_SELECT,
    });
    if (!user) throw DomainError.notFound('User', principal.userId);
    return toUserResponse(user);
  }
}

export function toUserResponse(user: { id: number; email: string; name: string; role: UserResponse['role']; accountId: number }): UserResponse {
  return { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId };
}
