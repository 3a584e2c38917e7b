import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  CreateCollectionRequest,
  CreateFieldRequest,
  CreateSubprofileRequest,
  PageQuery,
  ProfileValuesInput,
  UpdateCollectionRequest,
  UpdateSubprofileRequest,
  type FieldValue,
} from '@herald/contracts';
import type { FieldResponse } from '../databases/databases.dto';

export class CreateCollectionDto extends createZodDto(CreateCollectionRequest) {}
export class UpdateCollectionDto extends createZodDto(UpdateCollectionRequest) {}
export class CreateCollectionFieldDto extends createZodDto(CreateFieldRequest) {}
export class SubprofilesQueryDto extends createZodDto(PageQuery) {}
/** `POST /collections/:id/subprofiles`: the profile in the body. */
export class CreateSubprofileDto extends createZodDto(CreateSubprofileRequest) {}
/** `POST /profiles/:id/subprofiles`: the profile in the path, the collection in the body. */
export class CreateProfileSubprofileDto extends createZodDto(
  z.object({ collectionId: z.number().int().positive(), values: ProfileValuesInput }),
) {}
export class UpdateSubprofileDto extends createZodDto(UpdateSubprofileRequest) {}
export class ProfileSubprofilesQueryDto extends createZodDto(
  z.object({ collectionId: z.coerce.number().int().positive().optional() }),
) {}

export interface CollectionResponse {
  id: number;
  databaseId: number;
  name: string;
  subprofileCount: number;
  fields: FieldResponse[];
  createdAt: string;
}

export interface SubprofileResponse {
  id: number;
  collectionId: number;
  profileId: number;
  values: Record<string, FieldValue>;
  createdAt: string;
  updatedAt: string;
}
