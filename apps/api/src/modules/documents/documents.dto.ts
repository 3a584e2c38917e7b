import { createZodDto } from 'nestjs-zod';
import {
  createEmailDocumentSchema,
  createTextDocumentSchema,
  DocumentPreviewResponse,
  DocumentResponse,
  DocumentSummaryResponse,
  previewQuerySchema,
  TestMailResponse,
  testMailSchema,
  updateEmailDocumentSchema,
  updateTextDocumentSchema,
} from '@herald/contracts';

export class CreateEmailDocumentDto extends createZodDto(createEmailDocumentSchema) {}
export class UpdateEmailDocumentDto extends createZodDto(updateEmailDocumentSchema) {}
export class CreateTextDocumentDto extends createZodDto(createTextDocumentSchema) {}
export class UpdateTextDocumentDto extends createZodDto(updateTextDocumentSchema) {}
export class PreviewQueryDto extends createZodDto(previewQuerySchema) {}
export class TestMailDto extends createZodDto(testMailSchema) {}

export type { DocumentResponse, DocumentVersionResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class DocumentSummaryResponseDto extends createZodDto(DocumentSummaryResponse) {}
export class DocumentResponseDto extends createZodDto(DocumentResponse) {}
export class DocumentPreviewResponseDto extends createZodDto(DocumentPreviewResponse) {}
export class TestMailResponseDto extends createZodDto(TestMailResponse) {}
