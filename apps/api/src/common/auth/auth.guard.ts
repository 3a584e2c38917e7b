import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, DomainErrorCode, roleAllows, type Role } from '@herald/domain';
import { PrismaService } from '../prisma.service';
import { API_KEY_PREFIX, hashApiKey } from './api-key';
import { PUBLIC_KEY, ROLE_KEY } from './decorators';
import type { Principal } from './principal';
import { idParamProblem } from '../pipes/id-param.pipe';

interface AuthRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

interface TokenPayload {
  sub: unknown;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Global guard: authenticates by bearer token or API key, then checks the role a route needs. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly prisma: PrismaService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const principal = await this.authenticate(request);
    const required =
      this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ??
      (READ_METHODS.has(request.method) ? 'VIEWER' : 'MARKETER');
    if (!roleAllows(principal.role, required)) {
      throw new DomainError(DomainErrorCode.Forbidden, `This needs the ${required} role; you have ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }

  /** Who sends these headers, for what is mounted outside Nest's routes (the queue dashboard). */
  principalOf(headers: AuthRequest['headers']): Promise<Principal> {
    return this.authenticate({ method: 'GET', headers });
  }

  private async authenticate(request: AuthRequest): Promise<Principal> {
    const header = request.headers['authorization'];
    const apiKeyHeader = request.headers['x-api-key'];
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const credential = bearer ?? (typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined);
    if (!credential)
      throw new DomainError(
        DomainErrorCode.Unauthenticated,
        'Authentication required: send a bearer token or an API key',
      );
    if (credential.startsWith(API_KEY_PREFIX)) return this.fromApiKey(credential);
    return this.fromToken(credential);
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const apiKey = await this.prisma.client.apiKey.findUnique({
      where: { keyHash: hashApiKey(key) },
      select: { id: true, accountId: true, role: true, revokedAt: true, userId: true },
    });
    if (!apiKey || apiKey.revokedAt)
      throw new DomainError(DomainErrorCode.Unauthenticated, 'Invalid or revoked API key');
    void this.prisma.client.apiKey
      .update({ where: { id: apiKey.id }, data: { lastUsedAt: new Date() }, select: { id: true } })
      .catch(() => undefined);
    return { accountId: apiKey.accountId, role: apiKey.role, userId: apiKey.userId, apiKeyId: apiKey.id };
  }

  private async fromToken(token: string): Promise<Principal> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload & object>(token);
    } catch {
      throw new DomainError(DomainErrorCode.Unauthenticated, 'Invalid or expired token: log in again');
    }
    // A validly signed token can still name no possible user (another service's token under a shared secret).
    if (typeof payload.sub !== 'number' || idParamProblem(payload.sub) !== undefined) {
      throw new DomainError(
        DomainErrorCode.Unauthenticated,
        'Invalid token: its subject is not a user id; log in again',
      );
    }
    // Read the user each time so that a changed role or a removed user takes effect at once.
    const user = await this.prisma.client.user.findUnique({
      where: { id: payload.sub },
      select: { id: true, accountId: true, role: true },
    });
    if (!user) throw new DomainError(DomainErrorCode.Unauthenticated, 'Invalid or expired token: log in again');
    return { accountId: user.accountId, role: user.role, userId: user.id, apiKeyId: null };
  }
}
