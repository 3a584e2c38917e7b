import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  CollectionResponse,
  CreateCollectionRequest,
  CreateFieldRequest,
  CreateSubprofileRequest,
  PageQuery,
  ProfileValuesInput,
  SubprofileResponse,
  SubprofilesPageResponse,
  UpdateCollectionRequest,
  UpdateSubprofileRequest,
} from '@herald/contracts';

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

export type { CollectionResponse, SubprofileResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class CollectionResponseDto extends createZodDto(CollectionResponse) {}
export class SubprofileResponseDto extends createZodDto(SubprofileResponse) {}
export class SubprofilesPageResponseDto extends createZodDto(SubprofilesPageResponse) {}
