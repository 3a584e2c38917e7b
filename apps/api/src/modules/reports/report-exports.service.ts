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
  'recipientId',
  'profileId',
  'subprofileId',
  'address',
  'status',
  'dominantResult',
  'sentAt',
  'deliveryConfirmedAt',
  'openedAt',
  'clickedAt',
  'unsubscribedAt',
  'complainedAt',
  'errorKind',
  'errorCode',
  'errorText',
];

type RecipientExportRow = RecipientRow & { fieldValues: Array<string | null> | null };

/** Streamed spreadsheets of a mailing's results: one page of rows in memory at a time. */
@Injectable()
export class ReportExportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reports: MailingReportService,
  ) {}

  /**
   * The report as rows: section, figure, value, percent and what the percent divides by. The same
   * figures as the report (it is read through the same service); people's counts before machines'.
   */
  async report(principal: Principal, id: number, format: ExportFormat, res: Response): Promise<void> {
    const report = await this.reports.report(principal, id);
    const k = report.keyFigures;
    const base = k.rateBases;
    const rows: ExportRow[] = [
      ['mailing', 'name', report.mailing.name, null, null],
      ['mailing', 'status', report.mailing.status, null, null],
      ['mailing', 'sent at', report.mailing.sentAt, null, null],
      ['key figures', 'destinations', k.destinations, null, null],
      ['key figures', 'messages sent', k.sent, null, null],
      ['key figures', 'delivered', k.delivered, percentCell(k.rates.delivered), base.delivered],
      ['key figures', 'failed', k.failed, null, null],
      ['key figures', 'suppressed', k.suppressed, null, null],
      ['key figures', 'human impressions', k.impressions.human, null, null],
      [
        'key figures',
        'machine impressions',
        k.impressions.machine,
        percentCell(k.rates.machineImpressions),
        base.machineImpressions,
      ],
      ['key figures', 'total impressions', k.impressions.total, null, null],
      ['key figures', 'messages with impression', k.impressions.unique, percentCell(k.rates.opened), base.opened],
      ['key figures', 'human clicks', k.clicks.human, null, null],
      ['key figures', 'machine clicks', k.clicks.machine, null, null],
      ['key figures', 'total clicks', k.clicks.total, null, null],
      ['key figures', 'unique clicks', k.clicks.unique, percentCell(k.rates.clicked), base.clicked],
      ['key figures', 'total unsubscribes', k.unsubscribes.total, null, null],
      [
        'key figures',
        'unique unsubscribes',
        k.unsubscribes.unique,
        percentCell(k.rates.unsubscribed),
        base.unsubscribed,
      ],
      ['key figures', 'total complaints', k.complaints.total, null, null],
      ['key figures', 'unique complaints', k.complaints.unique, percentCell(k.rates.complaints), base.complaints],
      ['key figures', 'total errors', k.errors.total, null, null],
      ['key figures', 'unique errors', k.errors.unique, percentCell(k.rates.errors), base.errors],
      ['key figures', 'soft errors', k.errors.soft, null, null],
      ['key figures', 'hard errors', k.errors.hard, null, null],
      ['key figures', 'no feedback', k.noFeedback, null, null],
      ['key figures', 'CTR', null, percentCell(k.ctr.value), base.clickThrough],
      ['key figures', 'click-to-open rate', null, percentCell(k.clickToOpenRate.value), base.clickToOpen],
      ...report.dominantResults.buckets.map((b): ExportRow => [
        'dominant results',
        b.result,
        b.count,
        b.percent,
        'destinations',
      ]),
      [
        'dominant results',
        'total',
        report.dominantResults.total,
        report.dominantResults.total > 0 ? 100 : 0,
        'destinations',
      ],
      // Per link, people's clicks first; the unsubscribe link has none (a click on it is an unsubscribe).
      ...report.links.flatMap((l): ExportRow[] => [
        [`link ${l.position}`, `human clicks: ${l.url}`, l.clicks.human, null, null],
        [`link ${l.position}`, `machine clicks: ${l.url}`, l.clicks.machine, null, null],
        [`link ${l.position}`, `total clicks: ${l.url}`, l.clicks.total, null, null],
        [`link ${l.position}`, `unique clicks: ${l.url}`, l.clicks.unique, null, null],
      ]),
    ];
    await streamExport(
      res,
      format,
      `mailing-${id}-report`,
      ['section', 'figure', 'value', 'percent', 'percent of'],
      once(rows),
    );
  }

  /** Each destination with its dominant result, first results, last error and the chosen fields. */
  async recipients(
    principal: Principal,
    id: number,
    query: { format: ExportFormat; result?: DominantResult; fields: string[] },
    res: Response,
  ): Promise<void> {
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
    await streamExport(
      res,
      query.format,
      `mailing-${id}-recipients`,
      [...RECIPIENT_HEADERS, ...fields],
      mapPages(pages, (r): ExportRow => [
        r.recipientId,
        r.profileId,
        r.subprofileId,
        r.address,
        r.status,
        r.dominantResult,
        r.sentAt,
        r.deliveryConfirmedAt,
        r.openedAt,
        r.clickedAt,
        r.unsubscribedAt,
        r.complainedAt,
        r.lastErrorKind,
        r.lastErrorCode,
        r.lastErrorText,
        ...(r.fieldValues ?? []),
      ]),
    );
  }

  /** Every error event of the mailing, oldest first. */
  async errors(principal: Principal, id: number, format: ExportFormat, res: Response): Promise<void> {
    await this.reports.mailingOf(principal, id);
    const pages = keysetPages(
      (after: bigint | undefined) => this.reports.errorRows(id, { limit: EXPORT_PAGE_SIZE, afterId: after ?? 0n }),
      (row) => row.id,
    );
    await streamExport(
      res,
      format,
      `mailing-${id}-errors`,
      ['occurredAt', 'kind', 'code', 'text', 'address', 'profileId', 'subprofileId'],
      mapPages(pages, (r): ExportRow => [
        r.occurredAt,
        r.errorKind,
        r.errorCode,
        r.errorText,
        r.address,
        r.profileId,
        r.subprofileId,
      ]),
    );
  }

  /** Unknown field names are a 400 naming them, before any byte of the file is written. */
  private async checkFields(
    mailing: { databaseId: number; collectionId: number | null },
    names: string[],
  ): Promise<void> {
    if (names.length === 0) return;
    const known = await this.prisma.client.field.findMany({
      where: {
        OR: [
          { databaseId: mailing.databaseId },
          ...(mailing.collectionId ? [{ collectionId: mailing.collectionId }] : []),
        ],
        name: { in: names },
      },
      select: { name: true },
    });
    const found = new Set(known.map((f) => f.name));
    const unknown = names.filter((n) => !found.has(n));
    if (unknown.length) {
      throw DomainError.validation(
        `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
        unknown.map((name) => ({ path: 'fields', message: `no field "${name}" in the mailing's database` })),
      );
    }
  }
}

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

async function* mapPages<A, B>(pages: AsyncIterable<A[]>, map: (a: A) => B): AsyncGenerator<B[]> {
  for await (const page of pages) yield page.map(map);
}
