import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Prisma } from '@herald/db';
import { DomainError } from '@herald/domain';
import type { ExportFormat } from '@herald/spreadsheets';
import type { DominantResult } from '@herald/statistics';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { EXPORT_PAGE_SIZE, keysetPages, percentCell, streamExport, type ExportRow } from './export-stream';
import { MailingReportService, RECIPIENT_COLUMNS, type RecipientRow } from './mailing-report.service';

const RECIPIENT_HEADERS = [
  'recipientId', 'profileId', 'subprofileId', 'address', 'status', 'dominantResult', 'sentAt',
  'openedAt', 'clickedAt', 'unsubscribedAt', 'complainedAt', 'errorKind', 'errorCode', 'errorText',
];

type RecipientExportRow = RecipientRow & { fieldValues: Array<string | null> | null };

/** Streamed spreadsheets of a mailing's results: one page of rows in memory at a time. */
@Injectable()
export class ReportExportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reports: MailingReportService,
  ) {}

  /** The key figures and the dominant results as rows: section, figure, value, percent. */
  async report(principal: Principal, id: number, format: ExportFormat, res: Response): Promise<void> {
    const report = await this.reports.report(principal, id);
    const k = report.keyFigures;
    const rows: ExportRow[] = [
      ['mailing', 'name', report.mailing.name, null],
      ['mailing', 'status', report.mailing.status, null],
      ['mailing', 'sent at', report.mailing.sentAt, null],
      ['key figures', 'destinations', k.destinations, null],
      ['key figures', 'messages sent', k.sent, null],
      ['key figures', 'delivered', k.delivered, percentCell(k.rates.delivered)],
      ['key figures', 'failed', k.failed, null],
      ['key figures', 'suppressed', k.suppressed, null],
      ['key figures', 'total impressions', k.impressions.total, null],
      ['key figures', 'machine impressions', k.impressions.machine, percentCell(k.rates.machineImpressions)],
      ['key figures', 'human impressions', k.impressions.human, null],
      ['key figures', 'messages with impression', k.impressions.unique, percentCell(k.rates.opened)],
      ['key figures', 'total clicks', k.clicks.total, null],
      ['key figures', 'machine clicks', k.clicks.machine, null],
      ['key figures', 'human clicks', k.clicks.human, null],
      ['key figures', 'unique clicks', k.clicks.unique, percentCell(k.rates.clicked)],
      ['key figures', 'total unsubscribes', k.unsubscribes.total, null],
      ['key figures', 'unique unsubscribes', k.unsubscribes.unique, percentCell(k.rates.unsubscribed)],
      ['key figures', 'total complaints', k.complaints.total, null],
      ['key figures', 'unique complaints', k.complaints.unique, percentCell(k.rates.complaints)],
      ['key figures', 'total errors', k.errors.total, null],
      ['key figures', 'unique errors', k.errors.unique, percentCell(k.rates.errors)],
      ['key figures', 'soft errors', k.errors.soft, null],
      ['key figures', 'hard errors', k.errors.hard, null],
      ['key figures', 'no feedback', k.noFeedback, null],
      ['key figures', `CTR (${k.ctr.formula})`, null, percentCell(k.ctr.value)],
      ['key figures', `click-to-open rate (${k.clickToOpenRate.formula})`, null, percentCell(k.clickToOpenRate.value)],
      ...report.dominantResults.buckets.map((b): ExportRow => ['dominant results', b.result, b.count, b.percent]),
      ['dominant results', 'total', report.dominantResults.total, report.dominantResults.total > 0 ? 100 : 0],
    ];
    await streamExport(res, format, `mailing-${id}-report`, ['section', 'figure', 'value', 'percent'], once(rows));
  }

  /** Each destination with its dominant result, first results, last error and the chosen fields. */
  async recipients(principal: Principal, id: number, query: { format: ExportFormat; result?: DominantResult; fields: string[] }, res: Response): Promise<void> {
    const mailing = await this.reports.mailingOf(principal, id);
    await this.checkFields(mailing, query.fields);
    const fields = query.fields;
    const result = query.result ? Prisma.sql`AND d."dominantResult" = ${query.result}::"DominantResult"` : Prisma.empty;
    // A subprofile's own field wins over its profile's of the same name.
    const values = fields.length
      ? Prisma.sql`, ARRAY(SELECT COALESCE(s.values->>f.name, p.values->>f.name) FROM unnest(${fields}::text[]) WITH ORDINALITY AS f(name, n) ORDER BY f.n) AS "fieldValues"`
      : Prisma.sql`, NULL::text[] AS "fieldValues"`;
    const joins = fields.length
      ? Prisma.sql`LEFT JOIN "Profile" p ON p.id = d."profileId" LEFT JOIN "Subprofile" s ON s.id = d."subprofileId"`
      : Prisma.empty;
    const pages = keysetPages<RecipientExportRow, number>(
      (after) => this.prisma.client.$queryRaw<RecipientExportRow[]>`
        SELECT ${RECIPIENT_COLUMNS} ${values}
        FROM "Destination" d ${joins}
        WHERE d."mailingId" = ${id} AND d.status <> 'SUPPRESSED' ${result} AND d."recipientId" > ${after ?? -1}
        ORDER BY d."recipientId" LIMIT ${EXPORT_PAGE_SIZE}`,
      (row) => row.recipientId,
    );
    await streamExport(res, query.format, `mailing-${id}-recipients`, [...RECIPIENT_HEADERS, ...fields], mapPages(pages, (r): ExportRow => [
      r.recipientId, r.profileId, r.subprofileId, r.address, r.status, r.dominantResult, r.sentAt,
      r.openedAt, r.clickedAt, r.unsubscribedAt, r.complainedAt, r.lastErrorKind, r.lastErrorCode, r.lastErrorText,
      ...(r.fieldValues ?? []),
    ]));
  }

  /** Every error event of the mailing, oldest first. */
  async errors(principal: Principal, id: number, format: ExportFormat, res: Response): Promise<void> {
    await this.reports.mailingOf(principal, id);
    const pages = keysetPages(
      (after: bigint | undefined) => this.reports.errorRows(id, { limit: EXPORT_PAGE_SIZE, afterId: after ?? 0n }),
      (row) => row.id,
    );
    await streamExport(res, format, `mailing-${id}-errors`, ['occurredAt', 'kind', 'code', 'text', 'address', 'profileId', 'subprofileId'], mapPages(pages, (r): ExportRow => [
      r.occurredAt, r.errorKind, r.errorCode, r.errorText, r.address, r.profileId, r.subprofileId,
    ]));
  }

  /** Unknown field names are a 400 naming them, before any byte of the file is written. */
  private async checkFields(mailing: { databaseId: number; collectionId: number | null }, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const known = await this.prisma.client.field.findMany({
      where: { OR: [{ databaseId: mailing.databaseId }, ...(mailing.collectionId ? [{ collectionId: mailing.collectionId }] : [])], name: { in: names } },
      select: { name: true },
    });
    const found = new Set(known.map((f) => f.name));
    const unknown = names.filter((n) => !found.has(n));
    if (unknown.length) {
      throw DomainError.validation(`Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, unknown.map((name) => ({ path: 'fields', message: `no field "${name}" in the mailing's database` })));
    }
  }
}

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

async function* mapPages<A, B>(pages: AsyncIterable<A[]>, map: (a: A) => B): AsyncGenerator<B[]> {
  for await (const page of pages) yield page.map(map);
}
