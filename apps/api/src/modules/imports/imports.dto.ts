import { createZodDto } from 'nestjs-zod';
import { ImportPreviewResponse, ImportRejectionsPageResponse, ImportResponse, PageQuery } from '@herald/contracts';

export class ImportRejectionsQueryDto extends createZodDto(PageQuery.omit({ search: true })) {}

/** The form fields beside the file, as multer gives them: strings, `mapping` holding JSON. */
export interface ImportForm {
  mapping?: unknown;
  keyField?: unknown;
  dateFormat?: unknown;
}

export type { ImportPreviewResponse, ImportRejectionResponse, ImportResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class ImportPreviewResponseDto extends createZodDto(ImportPreviewResponse) {}
export class ImportResponseDto extends createZodDto(ImportResponse) {}
export class ImportRejectionsPageResponseDto extends createZodDto(ImportRejectionsPageResponse) {}
