import { createZodDto } from 'nestjs-zod';
import {
  CreateDatabaseRequest,
  CreateFieldRequest,
  DatabaseDetailResponse,
  DatabaseSummaryResponse,
  FieldResponse,
  UpdateDatabaseRequest,
} from '@herald/contracts';

export class CreateDatabaseDto extends createZodDto(CreateDatabaseRequest) {}
export class UpdateDatabaseDto extends createZodDto(UpdateDatabaseRequest) {}
export class CreateFieldDto extends createZodDto(CreateFieldRequest) {}

export type { DatabaseDetailResponse, DatabaseSummaryResponse, FieldResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class DatabaseSummaryResponseDto extends createZodDto(DatabaseSummaryResponse) {}
export class DatabaseDetailResponseDto extends createZodDto(DatabaseDetailResponse) {}
export class FieldResponseDto extends createZodDto(FieldResponse) {}
