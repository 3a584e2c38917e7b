import { createZodDto } from 'nestjs-zod';
import { acknowledgeFindingsSchema, MailingCheckResponse } from '@herald/contracts';

export class MailingCheckResponseDto extends createZodDto(MailingCheckResponse) {}
export class AcknowledgeFindingsDto extends createZodDto(acknowledgeFindingsSchema) {}
