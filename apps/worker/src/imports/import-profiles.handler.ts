import { constants } from 'node:fs';
import { access, unlink } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@herald/db';
import {
  createImportRowMapper,
  DATE_FORMATS,
  type DateFormat,
  DomainError,
  type FieldSpec,
  type ImportColumnMapping,
  type ImportRowResult,
} from '@herald/domain';
import { readRows, kindOfFile } from '@herald/spreadsheets';
import { InjectPrisma } from '../common/config';
import { writeImportBatch, type ImportLine, type ImportRejection } from './import-batch.writer';

const BATCH_SIZE = 1_000;
// Rows written before the planner's statistics are first refreshed; the mark doubles after each.
const FIRST_ANALYZE_AT = 20_000;

/** The import's stored date format; anything else (none, or an older value) reads ISO and day-first dates. */
function asDateFormat(text: string | null): DateFormat | undefined {
  return (DATE_FORMATS as readonly string[]).includes(text ?? '') ? (text as DateFormat) : undefined;
}

export type ImportHandlerStatus = 'done' | 'failed' | 'already-finished' | 'missing';

// A stored failure is read by people: one line's worth of it, and nothing PostgreSQL's text refuses.
const MAX_FAILURE_LENGTH = 1_000;

/** The failure text an import stores and the API shows. */
function failureText(message: string): string {
  const text = message
    // eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
    .replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_FAILURE_LENGTH ? `${text.slice(0, MAX_FAILURE_LENGTH - 1)}…` : text;
}

/**
 * Whether a failed batch write would fail the same way on every retry: PostgreSQL refused the data
 * itself (SQLSTATE class 22, data exception, or 54, a program limit), not the connection or a lock.
 */
function isPermanentWriteError(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState !== null && (sqlState.startsWith('22') || sqlState.startsWith('54'));
}

/** What went wrong, without Prisma's lines about where it was called from. */
export function errorText(error: unknown): string {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as
      { message?: unknown; driverAdapterError?: { cause?: { originalMessage?: unknown } } } | undefined;
    const message = meta?.driverAdapterError?.cause?.originalMessage ?? meta?.message;
    const sqlState = sqlStateOf(error);
    if (typeof message === 'string') return sqlState ? `${message} (SQLSTATE ${sqlState})` : message;
  }
  return error instanceof Error ? error.message : String(error);
}

function sqlStateOf(error: unknown): string | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as
      { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
    if (typeof meta?.code === 'string') return meta.code;
    const original = meta?.driverAdapterError?.cause?.originalCode;
    if (typeof original === 'string') return original;
  }
  return null;
}

@Injectable()
export class ImportProfilesHandler {
  private readonly logger = new Logger(ImportProfilesHandler.name);

  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** Runs one of the account's imports; the job's account scopes every read, so another account's id is missing. */
  async run(importId: number, accountId: number): Promise<ImportHandlerStatus> {
    const job = await this.prisma.importJob.findFirst({ where: { id: importId, accountId } });
    if (!job) return 'missing';
    if (job.status === 'DONE' || job.status === 'FAILED') return 'already-finished';
    const kind = kindOfFile(job.fileName);
    if (!kind) return this.fail(importId, `${job.fileName} is neither a CSV nor an XLSX file`);
    // readRows does not pass on an error of opening the file (it would end the process): check first.
    try {
      await access(job.filePath, constants.R_OK);
    } catch {
      return this.fail(importId, `The uploaded file ${job.fileName} is no longer there; upload it again`);
    }

    const fields: FieldSpec[] = await this.prisma.field.findMany({
      where: { databaseId: job.databaseId, accountId },
      select: { name: true, type: true, required: true, unique: true, choices: true },
    });
    const mapping = job.mapping as unknown as ImportColumnMapping;
    const target = {
      importId,
      accountId: job.accountId,
      databaseId: job.databaseId,
      keyField: job.keyField,
      // The key field's uniqueness is kept by matching on it.
      uniqueFields: fields.filter((field) => field.unique && field.name !== job.keyField),
    };
    // Resume after the last committed batch when a crashed import runs again.
    const alreadyDone = job.totalRows;
    await this.prisma.importJob.update({
      where: { id: importId },
      data: { status: 'RUNNING', startedAt: job.startedAt ?? new Date() },
      select: { id: true },
    });

    let mapRow: ((cells: readonly string[]) => ImportRowResult) | null = null;
    let seen = 0;
    let rows: ImportLine[] = [];
    let rejections: ImportRejection[] = [];
    let inBatch = 0;
    // One batch is written while the next is read and checked: at most two batches in memory, and
    // each batch's key lookup still sees what the batch before it wrote.
    let writing: Promise<void> = Promise.resolve();
    let writeFailure: { error: unknown } | null = null;
    const settle = async (): Promise<void> => {
      await writing;
      if (writeFailure) throw new BatchWriteError(writeFailure.error);
    };
    let written = 0;
    let analyzeAt = FIRST_ANALYZE_AT;
    const flush = async (): Promise<void> => {
      if (inBatch === 0) return;
      const batch = { rows, rejections, inBatch };
      rows = [];
      rejections = [];
      inBatch = 0;
      await settle();
      written += batch.inBatch;
      if (written >= analyzeAt) {
        analyzeAt *= 2;
        await this.refreshStatistics(importId);
      }
      writing = writeImportBatch(this.prisma, target, batch.rows, batch.rejections, batch.inBatch).then(
        () => undefined,
        (error: unknown) => {
          writeFailure = { error };
        },
      );
    };

    try {
      for await (const sheetRow of readRows(job.filePath, kind)) {
        if (mapRow === null) {
          // Checks the mapping against the header once; a mapping that cannot work fails the import.
          try {
            mapRow = createImportRowMapper(sheetRow.cells, mapping, fields, {
              keyField: job.keyField ?? undefined,
              dateFormat: asDateFormat(job.dateFormat),
            });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            return this.fail(
              importId,
              `${error.message}: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
              job.filePath,
            );
          }
          continue;
        }
        if (++seen <= alreadyDone) continue;
        inBatch++;
        const mapped = mapRow(sheetRow.cells);
        if (mapped.ok) rows.push({ line: sheetRow.line, row: mapped });
        else
          rejections.push({ line: sheetRow.line, reason: mapped.reason, column: mapped.column, value: mapped.value });
        if (inBatch >= BATCH_SIZE) await flush();
      }
      await flush();
      await settle();
      // Selections and the dispatch of the next mailing plan their queries on these figures too.
      if (written >= FIRST_ANALYZE_AT) await this.refreshStatistics(importId);
    } catch (error) {
      // A database that is down is transient: rethrown, BullMQ retries and the import resumes. Data
      // PostgreSQL refuses would be refused again: the import fails now, saying why.
      if (error instanceof BatchWriteError) {
        if (!isPermanentWriteError(error.cause)) throw error.cause;
        return this.fail(
          importId,
          `PostgreSQL refused rows of ${job.fileName}: ${errorText(error.cause)}`,
          job.filePath,
        );
      }
      await writing;
      return this.fail(
        importId,
        `Could not read ${job.fileName} after data row ${seen}: ${(error as Error).message}`,
        job.filePath,
      );
    }
    await this.prisma.importJob.update({
      where: { id: importId },
      data: { status: 'DONE', finishedAt: new Date() },
      select: { id: true },
    });
    await this.discard(job.filePath);
    this.logger.log({ importId, rows: seen }, 'import finished');
    return 'done';
  }

  /**
   * A bulk load outruns autovacuum's ANALYZE (or there is none): with figures from when the table
   * was small, PostgreSQL looked up each batch's keys through the wrong index, 0.2–0.9 s a batch at
   * a million rows against 3 ms. Refreshing them at 20k, 40k, 80k… rows costs a few ANALYZEs in all.
   */
  private async refreshStatistics(importId: number): Promise<void> {
    try {
      await this.prisma.$executeRawUnsafe('ANALYZE "Profile"');
    } catch (error) {
      // Not fatal: the import is only slower (a role that does not own the table may not ANALYZE it).
      this.logger.warn({ importId, error: (error as Error).message }, 'could not refresh the statistics of "Profile"');
    }
  }

  private async fail(importId: number, failure: string, filePath?: string): Promise<'failed'> {
    await this.prisma.importJob.update({
      where: { id: importId },
      data: { status: 'FAILED', failure: failureText(failure), finishedAt: new Date() },
      select: { id: true },
    });
    if (filePath) await this.discard(filePath);
    this.logger.warn({ importId, failure }, 'import failed');
    return 'failed';
  }

  /**
   * Ends an import whose job will not run again (its attempts ran out, it failed unrecoverably or
   * stalled too often) as FAILED with the reason, so it never stays QUEUED or RUNNING. A finished
   * import is left as it is.
   */
  async giveUp(importId: number, accountId: number, reason: string): Promise<void> {
    const job = await this.prisma.importJob.findFirst({
      where: { id: importId, accountId },
      select: { status: true, filePath: true },
    });
    if (!job || job.status === 'DONE' || job.status === 'FAILED') return;
    const ended = await this.prisma.importJob.updateMany({
      where: { id: importId, accountId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'FAILED', failure: failureText(reason), finishedAt: new Date() },
    });
    if (ended.count === 0) return;
    await this.discard(job.filePath);
    this.logger.warn({ importId, failure: reason }, 'import given up');
  }

  /** A finished import's upload (up to 2 GB) is of no further use; the counts and rejections stay. */
  private async discard(filePath: string): Promise<void> {
    await unlink(filePath).catch(() => undefined);
  }
}

/** Marks a failure of writing a batch, as opposed to one of reading the file. */
class BatchWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super('writing an import batch failed');
  }
}
