import { Injectable } from '@nestjs/common';
import { DomainError, roleAllows } from '@herald/domain';
import { PrismaService } from '../../common/prisma.service';
import { generateApiKey, hashApiKey } from '../../common/auth/api-key';
import type { Principal } from '../../common/auth/principal';
import type { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './api-keys.dto';

const API_KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type ApiKeyRow = {
  id: number;
  name: string;
  prefix: string;
  role: ApiKeyResponse['role'];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toResponse(row: ApiKeyRow): ApiKeyResponse {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly prisma: PrismaService) {}

  async list(principal: Principal): Promise<ApiKeyResponse[]> {
    const rows = await this.prisma.client.apiKey.findMany({
      where: { accountId: principal.accountId },
      select: API_KEY_SELECT,
      orderBy: { id: 'asc' },
    });
    return rows.map(toResponse);
  }

  async create(principal: Principal, input: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    if (!roleAllows(principal.role, input.role)) {
      throw DomainError.validation('An API key cannot have a higher role than its creator', [
        { path: 'role', message: `must be at most ${principal.role}` },
      ]);
    }
    const key = generateApiKey();
    const row = await this.prisma.client.apiKey.create({
      data: {
        accountId: principal.accountId,
        userId: principal.userId,
        name: input.name,
        role: input.role,
        prefix: key.slice(0, 12),
        keyHash: hashApiKey(key),
      },
      select: API_KEY_SELECT,
    });
    return { ...toResponse(row), key };
  }

  async revoke(principal: Principal, id: number): Promise<ApiKeyResponse> {
    const found = await this.prisma.client.apiKey.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true },
    });
    if (!found) throw DomainError.notFound('API key', id);
    const row = await this.prisma.client.apiKey.update({
      where: { id },
      data: { revokedAt: new Date() },
      select: API_KEY_SELECT,
    });
    return toResponse(row);
  }
}
