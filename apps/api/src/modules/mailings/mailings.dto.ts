import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  createMailingSchema,
  DestinationsPageResponse,
  DestinationStatus,
  MailingAudienceResponse,
  mailingAudienceRequestSchema,
  MailingResponse,
  updateMailingSchema,
} from '@herald/contracts';

export class CreateMailingDto extends createZodDto(createMailingSchema) {}
export class UpdateMailingDto extends createZodDto(updateMailingSchema) {}
export class MailingAudienceRequestDto extends createZodDto(mailingAudienceRequestSchema) {}

const destinationsQuerySchema = z.object({
  status: DestinationStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export class DestinationsQueryDto extends createZodDto(destinationsQuerySchema) {}

export type { DestinationResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class MailingResponseDto extends createZodDto(MailingResponse) {}
export class MailingAudienceResponseDto extends createZodDto(MailingAudienceResponse) {}
export class DestinationsPageResponseDto extends createZodDto(DestinationsPageResponse) {}
