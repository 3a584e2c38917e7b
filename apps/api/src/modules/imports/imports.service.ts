import { unlink } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { CreateImportRequest, DATE_FORMATS, type DateFormat } from '@herald/contracts';
import type { Prisma } from '@herald/db';
import { DomainError, DomainErrorCode, detectDateFormat, type FieldSpec, validateImportMapping } from '@herald/domain';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { kindOfFile, previewRows, type SpreadsheetKind } from '@herald/spreadsheets';
import { iso } from '../../common/iso';
import { pageArgs, type Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { zodIssues } from '../../common/http-exception.filter';
import { keysetPages, streamExport } from '../reports/export-stream';
import { DatabasesService } from '../databases/databases.service';
import { FieldsService } from '../databases/fields.service';
import type {
  ImportForm,
  ImportPreviewResponse,
  ImportRejectionResponse,
  ImportRejectionsQueryDto,
  ImportResponse,
} from './imports.dto';

const REJECTIONS_PAGE_SIZE = 5_000;

/** An uploaded file as multer's disk storage leaves it. */
export interface UploadedSpreadsheet {
  originalname: string;
  path: string;
  size: number;
}

const IMPORT_SELECT = {
  id: true,
  databaseId: true,
  fileName: true,
  status: true,
  keyField: true,
  dateFormat: true,
  totalRows: true,
  created: true,
  updated: true,
  unchanged: true,
  rejected: true,
  failure: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;
type ImportRow = Prisma.ImportJobGetPayload<{ select: typeof IMPORT_SELECT }>;

function toImportResponse(row: ImportRow): ImportResponse {
  return {
    id: row.id,
    databaseId: row.databaseId,
    fileName: row.fileName,
    status: row.status,
    keyField: row.keyField,
    dateFormat: asDateFormat(row.dateFormat),
    totalRows: row.totalRows,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    failure: row.failure,
    createdAt: iso(row.createdAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

function asDateFormat(text: string | null): DateFormat | null {
  return (DATE_FORMATS as readonly string[]).includes(text ?? '') ? (text as DateFormat) : null;
}

/** Data rows read to tell how a file writes its dates, when the request does not say. */
const DATE_SAMPLE_ROWS = 200;

/**
 * How the file writes its dates, told from the first rows of the columns mapped to DATE fields;
 * null without such a column or when no one format reads every sample (the worker then reads ISO
 * and day-first dates, and the rows it cannot read are rejected with their cell).
 */
function detectFileDateFormat(
  head: { headers: string[]; rows: string[][] },
  mapping: CreateImportRequest['mapping'],
  fields: readonly FieldSpec[],
): DateFormat | null {
  const dateFields = new Set(fields.filter((field) => field.type === 'DATE').map((field) => field.name));
  const columns = Object.entries(mapping.columns)
    .filter(([, target]) => target !== null && dateFields.has(target))
    .map(([header]) => head.headers.indexOf(header))
    .filter((index) => index >= 0);
  const samples = head.rows.flatMap((row) => columns.map((index) => row[index] ?? ''));
  return detectDateFormat(samples);
}

function kindOf(file: UploadedSpreadsheet | undefined): SpreadsheetKind {
  if (!file)
    throw DomainError.validation('Invalid request: file: is required', [{ path: 'file', message: 'is required' }]);
  const kind = kindOfFile(file.originalname);
  if (!kind) {
    throw DomainError.validation(`Invalid request: file: ${file.originalname} is neither a CSV nor an XLSX file`, [
      { path: 'file', message: 'must be a CSV or XLSX file' },
    ]);
  }
  return kind;
}

async function readHead(
  file: UploadedSpreadsheet,
  kind: SpreadsheetKind,
  rows: number,
): Promise<{ headers: string[]; rows: string[][] }> {
  try {
    return await previewRows(file.path, kind, rows);
  } catch (error) {
    throw DomainError.validation(`Invalid request: file: cannot be read (${(error as Error).message})`, [
      { path: 'file', message: 'cannot be read as a CSV or XLSX file' },
    ]);
  }
}

function parseMapping(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw DomainError.validation('Invalid request: mapping: must be JSON', [
      { path: 'mapping', message: 'must be JSON: {"columns": {"<header>": "<field>"}}' },
    ]);
  }
}

async function discard(file: UploadedSpreadsheet | undefined): Promise<void> {
  if (file) await unlink(file.path).catch(() => undefined);
}

@Injectable()
export class ImportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly databases: DatabasesService,
    private readonly fields: FieldsService,
    @InjectQueue(QueueName.Imports) private readonly queue: Queue,
  ) {}

  /** The header and first rows of a file, to build a mapping from; the file is not kept. */
  async preview(file: UploadedSpreadsheet | undefined): Promise<ImportPreviewResponse> {
    try {
      const head = await readHead(file!, kindOf(file), 10);
      const dateFormats = head.headers.map((_, index) => detectDateFormat(head.rows.map((row) => row[index] ?? '')));
      return { ...head, dateFormats };
    } finally {
      await discard(file);
    }
  }

  /**
   * Checks the mapping against the file's header and the database's fields, records the import
   * and queues it. The file stays on disk for the worker, which streams it; a refused upload is removed.
   */
  async start(
    principal: Principal,
    databaseId: number,
    file: UploadedSpreadsheet | undefined,
    form: ImportForm,
  ): Promise<ImportResponse> {
    try {
      await this.databases.require(principal, databaseId);
      const kind = kindOf(file);
      const keyField =
        typeof form.keyField === 'string' && form.keyField.trim() !== '' ? form.keyField.trim() : undefined;
      const dateFormat =
        typeof form.dateFormat === 'string' && form.dateFormat.trim() !== '' ? form.dateFormat.trim() : undefined;
      const parsed = CreateImportRequest.safeParse({ mapping: parseMapping(form.mapping), keyField, dateFormat });
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        throw DomainError.validation(
          `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        );
      }
      const [fields, head] = await Promise.all([
        this.fields.specs({ databaseId }),
        readHead(file!, kind, parsed.data.dateFormat === undefined ? DATE_SAMPLE_ROWS : 0),
      ]);
      const issues = validateImportMapping(parsed.data.mapping, fields, {
        headers: head.headers,
        keyField: parsed.data.keyField,
      });
      if (issues.length > 0) {
        throw DomainError.validation(
          `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        );
      }
      const row = await this.prisma.client.importJob.create({
        data: {
          accountId: principal.accountId,
          databaseId,
          fileName: file!.originalname,
          filePath: file!.path,
          mapping: parsed.data.mapping as Prisma.InputJsonValue,
          keyField: parsed.data.keyField ?? null,
          dateFormat: parsed.data.dateFormat ?? detectFileDateFormat(head, parsed.data.mapping, fields),
        },
        select: IMPORT_SELECT,
      });
      return toImportResponse(await this.enqueue(row, principal.accountId));
    } catch (error) {
      await discard(file);
      throw error;
    }
  }

  async get(principal: Principal, id: number): Promise<ImportResponse> {
    return toImportResponse(await this.find(principal, id));
  }

  async list(principal: Principal, databaseId: number): Promise<ImportResponse[]> {
    await this.databases.require(principal, databaseId);
    const rows = await this.prisma.client.importJob.findMany({
      where: { accountId: principal.accountId, databaseId },
      select: IMPORT_SELECT,
      orderBy: { id: 'desc' },
      take: 100,
    });
    return rows.map(toImportResponse);
  }

  async rejections(
    principal: Principal,
    id: number,
    query: ImportRejectionsQueryDto,
  ): Promise<Page<ImportRejectionResponse>> {
    await this.find(principal, id);
    const [rows, total] = await Promise.all([
      this.prisma.client.importRejection.findMany({
        where: { importId: id },
        select: { line: true, reason: true, column: true, value: true },
        orderBy: [{ line: 'asc' }, { id: 'asc' }],
        ...pageArgs(query.page, query.pageSize),
      }),
      this.prisma.client.importRejection.count({ where: { importId: id } }),
    ]);
    return {
      items: rows.map((r) => ({ line: r.line, reason: r.reason, column: r.column, value: r.value })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Every rejected line of an import as CSV (line, column, value as given, reason), read page by
   * page so a million rejections never sit in memory. Another account's import is not found.
   */
  async rejectionsCsv(principal: Principal, id: number, res: Response): Promise<void> {
    const job = await this.find(principal, id);
    const pages = keysetPages(
      (after: bigint | undefined) =>
        this.prisma.client.importRejection.findMany({
          where: { importId: id, ...(after === undefined ? {} : { id: { gt: after } }) },
          select: { id: true, line: true, column: true, value: true, reason: true },
          orderBy: { id: 'asc' },
          take: REJECTIONS_PAGE_SIZE,
        }),
      (row) => row.id,
      REJECTIONS_PAGE_SIZE,
    );
    async function* cells() {
      for await (const rows of pages) yield rows.map((r) => [r.line, r.column ?? '', r.value ?? '', r.reason]);
    }
    const baseName = `import-${job.id}-rejected-rows`;
    await streamExport(res, 'csv', baseName, ['line', 'column', 'value', 'reason'], cells());
  }

  /** An import that cannot be queued fails at once rather than waiting forever as QUEUED. */
  private async enqueue(row: ImportRow, accountId: number): Promise<ImportRow> {
    const payload: JobPayloads[JobName.ImportProfiles] = { importId: row.id, accountId };
    try {
      await this.queue.add(JobName.ImportProfiles, payload, { jobId: jobId('import', row.id) });
      return row;
    } catch (error) {
      await this.prisma.client.importJob.update({
        where: { id: row.id },
        data: { status: 'FAILED', failure: `Could not be queued: ${(error as Error).message}`, finishedAt: new Date() },
        select: { id: true },
      });
      throw new DomainError(DomainErrorCode.Unavailable, 'The import could not be queued; try again in a moment');
    }
  }

  private async find(principal: Principal, id: number): Promise<ImportRow> {
    const row = await this.prisma.client.importJob.findFirst({
      where: { id, accountId: principal.accountId },
      select: IMPORT_SELECT,
    });
    if (!row) throw DomainError.notFound('Import', id);
    return row;
  }
}
