import { createZodDto } from 'nestjs-zod';
import { CreateDatabaseRequest, CreateFieldRequest, UpdateDatabaseRequest, type FieldType } from '@herald/contracts';

export class CreateDatabaseDto extends createZodDto(CreateDatabaseRequest) {}
export class UpdateDatabaseDto extends createZodDto(UpdateDatabaseRequest) {}
export class CreateFieldDto extends createZodDto(CreateFieldRequest) {}

export interface FieldResponse {
  id: number;
  name: string;
  type: FieldType;
  required: boolean;
  unique: boolean;
  choices: string[];
  position: number;
}

export interface DatabaseSummaryResponse {
  id: number;
  name: string;
  description: string;
  profileCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface DatabaseDetailResponse extends DatabaseSummaryResponse {
  fields: FieldResponse[];
  collections: Array<{ id: number; name: string; subprofileCount: number }>;
}
