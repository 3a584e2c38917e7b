import { createZodDto } from 'nestjs-zod';
import {
  AudienceStatisticsResponse,
  CampaignEmailPerformanceResponse,
  CompareResponse,
  CreatedShareResponse,
  ErrorEventsPageResponse,
  MailingReportResponse,
  ProfileHistoryResponse,
  RecipientsPageResponse,
  SharedReportResponse,
  ShareResponse,
} from '@herald/contracts';

// The reports' responses, for OpenAPI: the contracts the admin app reads them by.
export class MailingReportResponseDto extends createZodDto(MailingReportResponse) {}
export class ErrorEventsPageResponseDto extends createZodDto(ErrorEventsPageResponse) {}
export class RecipientsPageResponseDto extends createZodDto(RecipientsPageResponse) {}
export class CampaignEmailPerformanceResponseDto extends createZodDto(CampaignEmailPerformanceResponse) {}
export class CompareResponseDto extends createZodDto(CompareResponse) {}
export class ProfileHistoryResponseDto extends createZodDto(ProfileHistoryResponse) {}
export class AudienceStatisticsResponseDto extends createZodDto(AudienceStatisticsResponse) {}
export class ShareResponseDto extends createZodDto(ShareResponse) {}
export class CreatedShareResponseDto extends createZodDto(CreatedShareResponse) {}
export class SharedReportResponseDto extends createZodDto(SharedReportResponse) {}

/** An export: a file streamed as it is written, not JSON. */
export const SPREADSHEET = { type: 'string', format: 'binary' } as const;
