import { createZodDto } from 'nestjs-zod';
import { CreateWebsiteRequest, WebsiteReportQuery, WebsiteReportResponse, WebsiteResponse } from '@herald/contracts';

export class CreateWebsiteDto extends createZodDto(CreateWebsiteRequest) {}
export class WebsiteReportQueryDto extends createZodDto(WebsiteReportQuery) {}

// Responses, for OpenAPI.
export class WebsiteResponseDto extends createZodDto(WebsiteResponse) {}
export class WebsiteReportResponseDto extends createZodDto(WebsiteReportResponse) {}
