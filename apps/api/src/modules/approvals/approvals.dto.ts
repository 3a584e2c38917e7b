import { createZodDto } from 'nestjs-zod';
import {
  ApprovalSettingRequest,
  ApprovalSettingResponse,
  DecideApprovalRequest,
  MailingApprovalResponse,
  PendingApprovalsResponse,
} from '@herald/contracts';

export class DecideApprovalDto extends createZodDto(DecideApprovalRequest) {}
export class ApprovalSettingDto extends createZodDto(ApprovalSettingRequest) {}

// Responses, for OpenAPI.
export class MailingApprovalResponseDto extends createZodDto(MailingApprovalResponse) {}
export class ApprovalSettingResponseDto extends createZodDto(ApprovalSettingResponse) {}
export class PendingApprovalsResponseDto extends createZodDto(PendingApprovalsResponse) {}
