import { createZodDto } from 'nestjs-zod';
import {
  ApprovalSettingRequest,
  ApprovalSettingResponse,
  DecideApprovalRequest,
  MailingApprovalResponse,
} from '@herald/contracts';

export class DecideApprovalDto extends createZodDto(DecideApprovalRequest) {}
export class ApprovalSettingDto extends createZodDto(ApprovalSettingRequest) {}

// Responses, for OpenAPI.
export class MailingApprovalResponseDto extends createZodDto(MailingApprovalResponse) {}
export class ApprovalSettingResponseDto extends createZodDto(ApprovalSettingResponse) {}
