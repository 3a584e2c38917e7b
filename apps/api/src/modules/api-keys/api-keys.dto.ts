import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiKeyResponse, CreatedApiKeyResponse } from '@herald/contracts';
import { roleSchema } from '../users/users.dto';

const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  role: roleSchema.default('MARKETER'),
});
export class CreateApiKeyDto extends createZodDto(createApiKeySchema) {}

export type { ApiKeyResponse, CreatedApiKeyResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class ApiKeyResponseDto extends createZodDto(ApiKeyResponse) {}
export class CreatedApiKeyResponseDto extends createZodDto(CreatedApiKeyResponse) {}
