import { createZodDto } from 'nestjs-zod';
import { HealthResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class HealthResponseDto extends createZodDto(HealthResponse) {}
