import { createZodDto } from 'nestjs-zod';
import { MailingCheckResponse } from '@herald/contracts';

export class MailingCheckResponseDto extends createZodDto(MailingCheckResponse) {}
