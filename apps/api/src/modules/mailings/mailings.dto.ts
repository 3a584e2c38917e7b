import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { createMailingSchema, updateMailingSchema } from '@herald/contracts';

export class CreateMailingDto extends createZodDto(createMailingSchema) {}
export class UpdateMailingDto extends createZodDto(updateMailingSchema) {}

export const destinationsQuerySchema = z.object({
  status: z.enum(['PENDING', 'SENT', 'FAILED', 'SUPPRESSED']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export class DestinationsQueryDto extends createZodDto(destinationsQuerySchema) {}

export interface DestinationResponse {
  id: string;
  profileId: number;
  subprofileId: number | null;
  address: string;
  status: 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';
  suppressionReason: string | null;
  dominantResult: string;
  attempts: number;
  lastErrorKind: string | null;
  lastErrorCode: string | null;
  lastErrorText: string | null;
  sentAt: string | null;
}
