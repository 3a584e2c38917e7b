import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { DynamicReportResponse, PivotRequest, PivotResponse, SaveDynamicReportRequest } from '@herald/contracts';
import { ExportFormat } from '@herald/contracts';

export class PivotRequestDto extends createZodDto(PivotRequest) {}
export class SaveDynamicReportDto extends createZodDto(SaveDynamicReportRequest) {}
export class SaveAsDto extends createZodDto(
  z.object({ name: z.string().trim().min(1).max(120), shared: z.boolean().default(false) }).strict(),
) {}
export class TemplateKeyDto extends createZodDto(z.object({ key: z.string().regex(/^[a-z-]{1,40}$/) })) {}
export class PivotExportQueryDto extends createZodDto(z.object({ format: ExportFormat.default('csv') })) {}

// Responses, for OpenAPI.
export class PivotResponseDto extends createZodDto(PivotResponse) {}
export class DynamicReportResponseDto extends createZodDto(DynamicReportResponse) {}
