import { createZodDto } from 'nestjs-zod';
import { AdminJobsQuery, AdminJobsResponse } from '@herald/contracts';

export class AdminJobsQueryDto extends createZodDto(AdminJobsQuery) {}

// Responses, for OpenAPI.
export class AdminJobsResponseDto extends createZodDto(AdminJobsResponse) {}
