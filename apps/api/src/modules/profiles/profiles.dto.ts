import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  CreateProfileRequest,
  PageQuery,
  ProfileExportResponse,
  ProfileResponse,
  ProfilesPageResponse,
  UpdateProfileRequest,
} from '@herald/contracts';

export class CreateProfileDto extends createZodDto(CreateProfileRequest) {}
export class UpdateProfileDto extends createZodDto(UpdateProfileRequest) {}
export class ProfilesQueryDto extends createZodDto(PageQuery) {}
/** For OpenAPI: what GET /profiles/:id/export answers. */
export class ProfileExportDto extends createZodDto(ProfileExportResponse) {}
// The admin app posts without a body: an absent body is an empty one.
export class UnsubscribeDto extends createZodDto(
  z.preprocess((body) => body ?? {}, z.object({ reason: z.string().trim().max(1000).optional() })),
) {}

export type { ProfileResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class ProfileResponseDto extends createZodDto(ProfileResponse) {}
export class ProfilesPageResponseDto extends createZodDto(ProfilesPageResponse) {}
