import { createZodDto } from 'nestjs-zod';
import {
  createEmailDocumentSchema,
  DocumentPreviewResponse,
  DocumentResponse,
  DocumentSummaryResponse,
  previewQuerySchema,
  TestMailResponse,
  testMailSchema,
  updateEmailDocumentSchema,
} from '@herald/contracts';

export class CreateEmailDocumentDto extends createZodDto(createEmailDocumentSchema) {}
export class UpdateEmailDocumentDto extends createZodDto(updateEmailDocumentSchema) {}
export class PreviewQueryDto extends createZodDto(previewQuerySchema) {}
export class TestMailDto extends createZodDto(testMailSchema) {}

export type { DocumentResponse, DocumentVersionResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class DocumentSummaryResponseDto extends createZodDto(DocumentSummaryResponse) {}
export class DocumentResponseDto extends createZodDto(DocumentResponse) {}
export class DocumentPreviewResponseDto extends createZodDto(DocumentPreviewResponse) {}
export class TestMailResponseDto extends createZodDto(TestMailResponse) {}
