import { createZodDto } from 'nestjs-zod';
import { createEmailDocumentSchema, previewQuerySchema, testMailSchema, updateEmailDocumentSchema } from '@herald/contracts';

export class CreateEmailDocumentDto extends createZodDto(createEmailDocumentSchema) {}
export class UpdateEmailDocumentDto extends createZodDto(updateEmailDocumentSchema) {}
export class PreviewQueryDto extends createZodDto(previewQuerySchema) {}
export class TestMailDto extends createZodDto(testMailSchema) {}

export interface DocumentVersionResponse {
  id: number;
  version: number;
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  createdAt: string;
}

export interface DocumentResponse {
  id: number;
  name: string;
  channel: 'EMAIL' | 'SMS' | 'FAX';
  createdAt: string;
  updatedAt: string;
  latest: DocumentVersionResponse;
  versions: Array<{ id: number; version: number; createdAt: string }>;
}
