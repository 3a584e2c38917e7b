import { createZodDto } from 'nestjs-zod';
import { SenderDomainCreateRequest, SenderDomainResponse } from '@herald/contracts';

export class CreateSenderDomainDto extends createZodDto(SenderDomainCreateRequest) {}

// Responses, for OpenAPI.
export class SenderDomainResponseDto extends createZodDto(SenderDomainResponse) {}
