import { Injectable, Logger } from '@nestjs/common';
import type { PrismaClient } from '@herald/db';
import { mapImportRow, type FieldSpec, type ImportColumnMapping } from '@herald/domain';
import { readRows, kindOfFile } from '@herald/spreadsheets';
import { InjectPrisma } from '../common/config';
import { writeImportBatch, type ImportRejection, type ValidImportRow } from './import-batch.writer';

const BATCH_SIZE = 1_000;

export type ImportHandlerStatus = 'done' | 'failed' | 'already-finished' | 'missing';

@Injectable()
export class ImportProfilesHandler {
  private readonly logger = new Logger(ImportProfilesHandler.name);

  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  async run(importId: number): Promise<ImportHandlerStatus> {
    const job = await this.prisma.importJob.findUnique({ where: { id: importId } });
    if (!job) return 'missing';
    if (job.status === 'DONE' || job.status === 'FAILED') return 'already-finished';
    const kind = kindOfFile(job.fileName);
    if (!kind) return this.fail(importId, `${job.fileName} is neither a CSV nor an XLSX file`);

    const fields: FieldSpec[] = await this.prisma.field.findMany({
      where: { databaseId: job.databaseId },
      select: { name: true, type: true, required: true, unique: true, choices: true },
    });
    const mapping = job.mapping as unknown as ImportColumnMapping;
    const target = { importId, accountId: job.accountId, databaseId: job.databaseId, keyField: job.keyField };
    // Resume after the last committed batch when a crashed import runs again.
    const alreadyDone = job.totalRows;
    await this.prisma.importJob.update({
      where: { id: importId },
      data: { status: 'RUNNING', startedAt: job.startedAt ?? new Date() },
      select: { id: true },
    });

    let headers: string[] | null = null;
    let seen = 0;
    let rows: ValidImportRow[] = [];
    let rejections: ImportRejection[] = [];
    let inBatch = 0;
    const flush = async (): Promise<void> => {
      if (inBatch === 0) return;
      await writeImportBatch(this.prisma, target, rows, rejections, inBatch);
      rows = [];
      rejections = [];
      inBatch = 0;
    };

    try {
      for await (const sheetRow of readRows(job.filePath, kind)) {
        if (headers === null) {
          headers = sheetRow.cells;
          continue;
        }
        if (++seen <= alreadyDone) continue;
        inBatch++;
        const mapped = mapImportRow(headers, sheetRow.cells, mapping, fields);
        if (mapped.ok) rows.push({ line: sheetRow.line, ...mapped.profile });
        else rejections.push({ line: sheetRow.line, reason: mapped.reason });
        if (inBatch >= BATCH_SIZE) await flush();
      }
      await flush();
    } catch (error) {
      return this.fail(importId, `Could not read ${job.fileName} after data row ${seen}: ${(error as Error).message}`);
    }
    await this.prisma.importJob.update({ where: { id: importId }, data: { status: 'DONE', finishedAt: new Date() }, select: { id: true } });
    this.logger.log({ importId, rows: seen }, 'import finished');
    return 'done';
  }

  private async fail(importId: number, failure: string): Promise<'failed'> {
    await this.prisma.importJob.update({ where: { id: importId }, data: { status: 'FAILED', failure, finishedAt: new Date() }, select: { id: true } });
    this.logger.warn({ importId, failure }, 'import failed');
    return 'failed';
  }
}
