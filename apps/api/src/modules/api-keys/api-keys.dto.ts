import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { roleSchema } from '../users/users.dto';

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  role: roleSchema.default('MARKETER'),
});
export class CreateApiKeyDto extends createZodDto(createApiKeySchema) {}

export interface ApiKeyResponse {
  id: number;
  name: string;
  prefix: string;
  role: 'ADMIN' | 'MARKETER' | 'VIEWER';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The key itself is shown once, at creation, and never stored in the clear. */
export interface CreatedApiKeyResponse extends ApiKeyResponse {
  key: string;
}
