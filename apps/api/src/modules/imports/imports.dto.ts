import { createZodDto } from 'nestjs-zod';
import { PageQuery, type ImportStatus } from '@herald/contracts';

export class ImportRejectionsQueryDto extends createZodDto(PageQuery.omit({ search: true })) {}

/** The form fields beside the file, as multer gives them: strings, `mapping` holding JSON. */
export interface ImportForm {
  mapping?: unknown;
  keyField?: unknown;
}

export interface ImportPreviewResponse {
  headers: string[];
  rows: string[][];
}

export interface ImportResponse {
  id: number;
  databaseId: number;
  fileName: string;
  status: ImportStatus;
  keyField: string | null;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRejectionResponse {
  line: number;
  reason: string;
}
