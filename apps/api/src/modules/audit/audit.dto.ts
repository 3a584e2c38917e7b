import { createZodDto } from 'nestjs-zod';
import { AuditLogPageResponse, AuditLogQuery } from '@herald/contracts';

export class AuditLogQueryDto extends createZodDto(AuditLogQuery) {}

// Responses, for OpenAPI.
export class AuditLogPageResponseDto extends createZodDto(AuditLogPageResponse) {}
