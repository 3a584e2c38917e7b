import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import {
  DYNAMIC_REPORT_TEMPLATES,
  PivotDefinition,
  type DynamicReportResponse,
  type PivotDimension,
  type PivotRequest,
  type PivotResponse,
  type SaveDynamicReportRequest,
} from '@herald/contracts';
import { DomainError, DomainErrorCode, type DomainErrorIssue } from '@herald/domain';
import type { ExportFormat } from '@herald/spreadsheets';
import { AGE_BAND_LABELS, ageBandBucket, ageBandLabel, pivotCells, roundHalfUp } from '@herald/statistics';
import type { Principal } from '../../common/auth/principal';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import { streamExport, type ExportRow } from '../reports/export-stream';
import { groupOf, MAX_GROUP_ROWS, pivotGroupsSql, type PivotGroupRow } from './pivot-query';

/** More cells than a person can read, or a browser show. */
const MAX_CELLS = 10_000;

interface ScopedMailing {
  id: number;
  name: string;
  databaseId: number | null;
}

type SaveAs = { name: string; shared: boolean };

const REPORT_SELECT = {
  id: true,
  ownerId: true,
  name: true,
  definition: true,
  shared: true,
  createdAt: true,
  updatedAt: true,
} as const;

type StoredReport = {
  id: number;
  ownerId: number;
  name: string;
  definition: unknown;
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * Dynamic reports: a pivot of mailings' results by who the recipients are (profile fields, age band)
 * and by mailing or day, and the layouts users save. The figures are packages/statistics' (pivotCells).
 */
@Injectable()
export class DynamicReportsService {
  constructor(private readonly prisma: PrismaService) {}

  async query(principal: Principal, request: PivotRequest): Promise<PivotResponse> {
    const mailings = await this.mailingsOf(principal, request.scope);
    const dimensions = [...request.rows, ...request.columns];
    const fieldLabels = await this.checkFields(request, mailings);
    const account = await this.prisma.client.account.findUniqueOrThrow({
      where: { id: principal.accountId },
      select: { timezone: true },
    });
    const sql = pivotGroupsSql({
      accountId: principal.accountId,
      mailingIds: mailings.map((m) => m.id),
      dimensions,
      filters: bucketedFilters(request.filters),
      today: new Date().toISOString().slice(0, 10),
      timeZone: account.timezone,
    });
    // A million destinations joined to their profiles: with the default 4 MB the hash join spills to disk.
    const rows = mailings.length
      ? (
          await this.prisma.client.$transaction([
            this.prisma.client.$executeRaw`SET LOCAL work_mem = '64MB'`,
            this.prisma.client.$queryRaw<PivotGroupRow[]>(sql),
          ])
        )[1]
      : [];
    if (rows.length > MAX_GROUP_ROWS) throw tooManyCells();
    const { cells, totals, rowTotals, columnTotals } = pivotCells(
      rows.map((r) => groupOf(r, dimensions.length)),
      request.rows.length,
    );
    if (cells.length > MAX_CELLS) throw tooManyCells();
    const pick = (values: Record<string, number | null>) =>
      Object.fromEntries(request.metrics.map((m) => [m, values[m] ?? null]));
    const mailingNames = Object.fromEntries(mailings.map((m) => [String(m.id), m.name]));
    return {
      dimensions: dimensions.map((dimension) => ({
        dimension,
        label: dimensionLabel(dimension, fieldLabels),
        valueLabels: dimension.kind === 'mailing' ? mailingNames : {},
      })),
      metrics: request.metrics,
      cells: cells.map((c) => ({ key: labelled(c.key, dimensions), values: pick(c.metrics) })),
      totals: pick(totals),
      rowTotals: rowTotals.map((c) => ({ key: labelled(c.key, request.rows), values: pick(c.metrics) })),
      columnTotals: columnTotals.map((c) => ({ key: labelled(c.key, request.columns), values: pick(c.metrics) })),
      mailingIds: mailings.map((m) => m.id),
    };
  }

  /** The pivot as a spreadsheet: a column per dimension, then per metric; the totals last. */
  async export(principal: Principal, request: PivotRequest, format: ExportFormat, res: Response): Promise<void> {
    const pivot = await this.query(principal, request);
    const headers = [...pivot.dimensions.map((d) => d.label), ...pivot.metrics];
    const valueOf = (v: number | null | undefined): number | null =>
      v === null || v === undefined ? null : roundHalfUp(v, 2);
    const rows: ExportRow[] = [
      ...pivot.cells.map((c) => [
        ...c.key.map((v, i) => (v === null ? '(none)' : (pivot.dimensions[i]!.valueLabels[v] ?? v))),
        ...pivot.metrics.map((m) => valueOf(c.values[m])),
      ]),
      [
        ...pivot.dimensions.map((_, i) => (i === 0 ? 'total' : null)),
        ...pivot.metrics.map((m) => valueOf(pivot.totals[m])),
      ],
    ];
    await streamExport(
      res,
      format,
      'dynamic-report',
      headers,
      (async function* () {
        yield rows;
      })(),
    );
  }

  async list(principal: Principal): Promise<DynamicReportResponse[]> {
    const saved = await this.prisma.client.dynamicReport.findMany({
      where: { accountId: principal.accountId, OR: [{ shared: true }, { ownerId: principal.userId ?? -1 }] },
      orderBy: { name: 'asc' },
      select: REPORT_SELECT,
    });
    return [...DYNAMIC_REPORT_TEMPLATES.map(templateResponse), ...saved.map((r) => this.response(principal, r))];
  }

  async get(principal: Principal, id: number): Promise<DynamicReportResponse> {
    return this.response(principal, await this.readable(principal, id));
  }

  async create(principal: Principal, input: SaveDynamicReportRequest): Promise<DynamicReportResponse> {
    const report = await this.prisma.client.dynamicReport.create({
      data: {
        accountId: principal.accountId,
        ownerId: ownerOf(principal),
        name: input.name,
        definition: input.definition,
        shared: input.shared,
      },
      select: REPORT_SELECT,
    });
    return this.response(principal, report);
  }

  /** "Save as": a copy of any report the user can read, or of a ready-made one, owned by the user. */
  async saveAs(principal: Principal, from: number | string, input: SaveAs): Promise<DynamicReportResponse> {
    const source =
      typeof from === 'number' ? await this.get(principal, from) : DYNAMIC_REPORT_TEMPLATES.find((t) => t.key === from);
    if (!source) throw DomainError.notFound('Ready-made report', from);
    return this.create(principal, { name: input.name, definition: source.definition, shared: input.shared });
  }

  async update(principal: Principal, id: number, input: SaveDynamicReportRequest): Promise<DynamicReportResponse> {
    await this.changeable(principal, id);
    const report = await this.prisma.client.dynamicReport.update({
      where: { id },
      data: { name: input.name, definition: input.definition, shared: input.shared },
      select: REPORT_SELECT,
    });
    return this.response(principal, report);
  }

  async remove(principal: Principal, id: number): Promise<void> {
    await this.changeable(principal, id);
    await this.prisma.client.dynamicReport.delete({ where: { id } });
  }

  private async readable(principal: Principal, id: number): Promise<StoredReport> {
    const report = await this.prisma.client.dynamicReport.findFirst({
      where: { id, accountId: principal.accountId, OR: [{ shared: true }, { ownerId: principal.userId ?? -1 }] },
      select: REPORT_SELECT,
    });
    if (!report) throw DomainError.notFound('Dynamic report', id);
    return report;
  }

  /** Its owner changes a report; an ADMIN may too (a shared report whose owner left). */
  private async changeable(principal: Principal, id: number): Promise<void> {
    const report = await this.readable(principal, id);
    if (report.ownerId !== principal.userId && principal.role !== 'ADMIN')
      throw new DomainError(DomainErrorCode.Forbidden, 'only its owner or an ADMIN can change or delete this report');
  }

  private response(principal: Principal, r: StoredReport): DynamicReportResponse {
    // Stored layouts were validated when saved; one that no longer parses shows as empty, not as an error.
    const definition = PivotDefinition.safeParse(r.definition);
    return {
      id: r.id,
      templateKey: null,
      name: r.name,
      definition: definition.success ? definition.data : { rows: [], columns: [], metrics: ['sent'], filters: [] },
      shared: r.shared,
      template: false,
      ownedByMe: r.ownerId === principal.userId,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    };
  }

  private async mailingsOf(principal: Principal, scope: PivotRequest['scope']): Promise<ScopedMailing[]> {
    const select = { id: true, name: true, databaseId: true } as const;
    if ('mailingId' in scope) {
      const mailing = await this.prisma.client.mailing.findFirst({
        where: { id: scope.mailingId, accountId: principal.accountId },
        select,
      });
      if (!mailing) throw DomainError.notFound('Mailing', scope.mailingId);
      return [mailing];
    }
    return this.prisma.client.mailing.findMany({
      where: { accountId: principal.accountId, startedAt: { gte: new Date(scope.from), lt: new Date(scope.to) } },
      orderBy: { id: 'asc' },
      select,
    });
  }

  /**
   * Every field a dimension or filter names must be a field of the mailings' databases, and an age band's
   * a DATE field; the labels of those fields by name.
   */
  private async checkFields(request: PivotRequest, mailings: ScopedMailing[]): Promise<Map<string, string>> {
    const named: Array<{ dimension: PivotDimension; path: string }> = [
      ...request.rows.map((dimension, i) => ({ dimension, path: `rows.${i}.field` })),
      ...request.columns.map((dimension, i) => ({ dimension, path: `columns.${i}.field` })),
      ...request.filters.map((f, i) => ({ dimension: f.dimension, path: `filters.${i}.dimension.field` })),
    ];
    const wanted = named.filter((n) => n.dimension.kind === 'field' || n.dimension.kind === 'ageBand');
    if (!wanted.length) return new Map();
    const databaseIds = [...new Set(mailings.map((m) => m.databaseId).filter((id): id is number => id !== null))];
    const fields = await this.prisma.client.field.findMany({
      where: { databaseId: { in: databaseIds } },
      select: { name: true, label: true, type: true },
    });
    const byName = new Map(fields.map((f) => [f.name, f]));
    const issues: DomainErrorIssue[] = [];
    for (const { dimension, path } of wanted) {
      if (dimension.kind !== 'field' && dimension.kind !== 'ageBand') continue;
      const field = byName.get(dimension.field);
      if (!field) issues.push({ path, message: `'${dimension.field}' is no field of the mailings' databases` });
      else if (dimension.kind === 'ageBand' && field.type !== 'DATE')
        issues.push({
          path,
          message: `an age band needs a DATE field (a birth date); '${field.name}' is ${field.type}`,
        });
    }
    // With no mailings in the period there are no fields to check against, and nothing to count.
    if (issues.length && mailings.length) throw DomainError.validation('the report names unknown fields', issues);
    return new Map(fields.map((f) => [f.name, f.label ?? f.name]));
  }
}

/** A key as the report shows it: age bands travel as their labels, grouped and sorted by bucket number. */
function labelled(key: ReadonlyArray<string | null>, dimensions: readonly PivotDimension[]): Array<string | null> {
  return key.map((v, i) => (dimensions[i]!.kind === 'ageBand' && v !== null ? ageBandLabel(Number(v)) : v));
}

/**
 * Filters as SQL compares them: an age band's values are the labels the report shows ("25–34"), grouped in
 * SQL by bucket number, so each label becomes its bucket; a label that names no band is refused with the bands.
 */
function bucketedFilters(filters: PivotRequest['filters']): PivotRequest['filters'] {
  const issues: DomainErrorIssue[] = [];
  const bucketed = filters.map((filter, i) => {
    if (filter.dimension.kind !== 'ageBand') return filter;
    const values = filter.values.map((value, j) => {
      if (value === null) return null;
      const bucket = ageBandBucket(value);
      if (bucket === null)
        issues.push({
          path: `filters.${i}.values.${j}`,
          message: `'${value.slice(0, 40)}' is no age band; the bands are ${AGE_BAND_LABELS.join(', ')}`,
        });
      return String(bucket);
    });
    return { ...filter, values };
  });
  if (issues.length) throw DomainError.validation('a filter names an unknown age band', issues);
  return bucketed;
}

function tooManyCells(): DomainError {
  return DomainError.validation(
    `more than ${MAX_CELLS.toLocaleString('en')} cells: choose dimensions with fewer values or add a filter`,
    [{ path: 'rows', message: 'too many distinct values' }],
  );
}

function dimensionLabel(d: PivotDimension, fields: Map<string, string>): string {
  switch (d.kind) {
    case 'field':
      return fields.get(d.field) ?? d.field;
    case 'ageBand':
      return `age band (${fields.get(d.field) ?? d.field})`;
    case 'mailing':
      return 'mailing';
    case 'day':
      return 'day sent';
  }
}

function ownerOf(principal: Principal): number {
  if (principal.userId === null)
    throw new DomainError(DomainErrorCode.Forbidden, 'reports are saved by users, not by API keys');
  return principal.userId;
}

function templateResponse(t: (typeof DYNAMIC_REPORT_TEMPLATES)[number]): DynamicReportResponse {
  return {
    id: null,
    templateKey: t.key,
    name: t.name,
    definition: t.definition,
    shared: true,
    template: true,
    ownedByMe: false,
    createdAt: null,
    updatedAt: null,
  };
}
