import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import { DomainError, howEnded } from '@herald/domain';
import {
  dominantBreakdown,
  dominantCountsOf,
  keyFigures,
  linkClicksOf,
  mailingTimeline,
  RATE_BASES,
  type DominantResult,
  type MailingCounters,
} from '@herald/statistics';
import { errorActionOf, mailingSettingsSchema } from '@herald/contracts';
import { iso } from '../../common/iso';
import type { Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ReportSources } from './report-sources';
import type {
  ErrorEventResponse,
  ErrorsQueryDto,
  MailingReportResponse,
  RecipientResponse,
  RecipientsPageResponse,
  RecipientsQueryDto,
} from './reports.dto';

const CTR_FORMULA = `${RATE_BASES.clickThrough} × 100`;
const CLICK_TO_OPEN_FORMULA = `${RATE_BASES.clickToOpen} × 100`;

const MAILING_SELECT = {
  id: true,
  accountId: true,
  name: true,
  channel: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  cancelledAt: true,
  cancelledBy: true,
  databaseId: true,
  collectionId: true,
  toSubprofiles: true,
  settings: true,
  splitRunId: true,
} as const;
export type ReportedMailing = Prisma.MailingGetPayload<{ select: typeof MAILING_SELECT }>;

export interface RecipientRow {
  destinationId: bigint;
  recipientId: number;
  profileId: number;
  subprofileId: number | null;
  address: string;
  status: string;
  dominantResult: DominantResult;
  sentAt: Date | null;
  deliveryConfirmedAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
  complainedAt: Date | null;
  lastErrorKind: string | null;
  lastErrorCode: string | null;
  lastErrorText: string | null;
  lastErrorReason: string | null;
}

export interface ErrorEventRow {
  id: bigint;
  occurredAt: Date;
  errorKind: string | null;
  errorCode: string | null;
  errorText: string | null;
  errorReason: string | null;
  destinationId: bigint;
  address: string;
  profileId: number;
  subprofileId: number | null;
}

/**
 * The report of one mailing, read from its compact figures only (MailingAggregate, MailingTimeline,
 * Link): a handful of rows whatever the size of the mailing. Lists of recipients and errors are paged
 * over indexes.
 */
@Injectable()
export class MailingReportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sources: ReportSources,
  ) {}

  /** A mailing of the caller's account, or 404 (never 403: other accounts' ids are not confirmed). */
  async mailingOf(principal: Principal, id: number): Promise<ReportedMailing> {
    const mailing = await this.prisma.client.mailing.findFirst({
      where: { id, accountId: principal.accountId },
      select: MAILING_SELECT,
    });
    if (!mailing) throw DomainError.notFound('Mailing', id);
    return mailing;
  }

  async report(principal: Principal, id: number): Promise<MailingReportResponse> {
    return this.reportOf(await this.mailingOf(principal, id));
  }

  countersOf(mailingId: number): Promise<MailingCounters> {
    return this.sources.countersOfOne(mailingId);
  }

  /** Every figure comes from packages/statistics, over the counts ReportSources reads: no figure is worked out here. */
  async reportOf(mailing: ReportedMailing): Promise<MailingReportResponse> {
    const [sources, links] = await Promise.all([
      this.sources.sourcesOf(mailing.id),
      this.prisma.client.link.findMany({
        where: { mailingId: mailing.id },
        orderBy: { position: 'asc' },
        select: {
          position: true,
          url: true,
          isUnsubscribe: true,
          clicksTotal: true,
          clicksUnique: true,
          clicksMachine: true,
        },
      }),
    ]);
    const { counters } = sources;
    const ended = howEnded(
      { ...mailing, maxDurationMinutes: mailingSettingsSchema.parse(mailing.settings).maxDurationMinutes },
      counters.cancelled,
    );
    const by =
      ended && ended.how !== 'time-limit' && mailing.cancelledBy
        ? await this.prisma.client.user.findFirst({
            where: { id: mailing.cancelledBy, accountId: mailing.accountId },
            select: { name: true },
          })
        : null;
    const figures = keyFigures(counters);
    const timeline = mailingTimeline(sources.timeline);
    return {
      mailing: {
        id: mailing.id,
        name: mailing.name,
        channel: mailing.channel,
        status: mailing.status,
        sentAt: iso(mailing.startedAt),
        finishedAt: iso(mailing.finishedAt),
        ended: ended ? { how: ended.how, by: by?.name ?? null, at: ended.at.toISOString() } : null,
        splitRunId: mailing.splitRunId,
      },
      keyFigures: {
        ...figures,
        ctr: { name: 'CTR', formula: CTR_FORMULA, value: figures.rates.clickThrough },
        clickToOpenRate: {
          name: 'click-to-open rate',
          formula: CLICK_TO_OPEN_FORMULA,
          value: figures.rates.clickToOpen,
        },
      },
      dominantResults: dominantBreakdown(dominantCountsOf(counters)),
      timeline: {
        granularity: timeline.granularity,
        buckets: timeline.buckets.map((b) => ({ start: b.start.toISOString(), label: b.label, counts: b.counts })),
      },
      links: links.map((l) => {
        const clicks = linkClicksOf(l);
        return { position: l.position, url: l.url, isUnsubscribe: l.isUnsubscribe, clicks };
      }),
      errors: {
        soft: figures.errors.soft,
        hard: figures.errors.hard,
        total: figures.errors.total,
        unique: figures.errors.unique,
      },
    };
  }

  /** Every error event (each attempt's, and bounces), oldest first, over the (mailingId, type, id) index; the total from the aggregate. */
  async errors(principal: Principal, id: number, query: ErrorsQueryDto): Promise<Page<ErrorEventResponse>> {
    await this.mailingOf(principal, id);
    // Every ERROR event moved errorsTotal by one as it was stored: counting them again would scan hundreds of thousands.
    const [rows, counters] = await Promise.all([
      this.errorRows(id, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      this.countersOf(id),
    ]);
    return {
      items: rows.map(toErrorResponse),
      total: counters.errorsTotal,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  errorRows(mailingId: number, page: { limit: number; offset?: number; afterId?: bigint }): Promise<ErrorEventRow[]> {
    const after = page.afterId !== undefined ? Prisma.sql`AND e.id > ${page.afterId}` : Prisma.empty;
    return this.prisma.client.$queryRaw<ErrorEventRow[]>`
      SELECT e.id, e."occurredAt", e."errorKind"::text AS "errorKind", e."errorCode", e."errorText", e."errorReason",
             d.id AS "destinationId", d.address, d."profileId", d."subprofileId"
      FROM "Event" e JOIN "Destination" d ON d.id = e."destinationId"
      WHERE e."mailingId" = ${mailingId} AND e.type = 'ERROR' ${after}
      ORDER BY e.id LIMIT ${page.limit} OFFSET ${page.offset ?? 0}`;
  }

  /**
   * Destinations per dominant result in recipient order, over the (mailingId, dominantResult,
   * recipientId) index. Suppressed destinations are left out, as in the figures; the total comes
   * from the aggregate, so it is the number the report shows.
   */
  async recipients(principal: Principal, id: number, query: RecipientsQueryDto): Promise<RecipientsPageResponse> {
    await this.mailingOf(principal, id);
    const [rows, counters] = await Promise.all([
      this.recipientRows(id, {
        result: query.result,
        limit: query.pageSize,
        after: query.after,
        offset: query.after === undefined ? (query.page - 1) * query.pageSize : 0,
      }),
      this.countersOf(id),
    ]);
    const total = query.result ? dominantCountsOf(counters)[query.result] : counters.destinations;
    const last = rows.at(-1);
    return {
      items: rows.map(toRecipientResponse),
      total,
      page: query.after === undefined ? query.page : 1,
      pageSize: query.pageSize,
      nextAfter: rows.length === query.pageSize && last ? last.recipientId : null,
    };
  }

  recipientRows(
    mailingId: number,
    page: { result?: DominantResult; limit: number; after?: number; offset?: number },
  ): Promise<RecipientRow[]> {
    const result = page.result ? Prisma.sql`AND d."dominantResult" = ${page.result}::"DominantResult"` : Prisma.empty;
    const after = page.after !== undefined ? Prisma.sql`AND d."recipientId" > ${page.after}` : Prisma.empty;
    return this.prisma.client.$queryRaw<RecipientRow[]>`
      SELECT ${RECIPIENT_COLUMNS}
      FROM "Destination" d
      WHERE d."mailingId" = ${mailingId} AND d.status <> 'SUPPRESSED' ${result} ${after}
      ORDER BY d."recipientId" LIMIT ${page.limit} OFFSET ${page.offset ?? 0}`;
  }
}

export const RECIPIENT_COLUMNS = Prisma.sql`
  d.id AS "destinationId", d."recipientId", d."profileId", d."subprofileId", d.address, d.status::text AS status,
  d."dominantResult"::text AS "dominantResult", d."sentAt", d."deliveryConfirmedAt", d."openedAt", d."clickedAt", d."unsubscribedAt", d."complainedAt",
  d."lastErrorKind"::text AS "lastErrorKind", d."lastErrorCode", d."lastErrorText", d."lastErrorReason"`;

function toErrorResponse(row: ErrorEventRow): ErrorEventResponse {
  return {
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    kind: row.errorKind,
    code: row.errorCode,
    text: row.errorText,
    reason: row.errorReason,
    action: errorActionOf(row.errorKind, row.errorCode),
    destination: {
      id: row.destinationId.toString(),
      address: row.address,
      profileId: row.profileId,
      subprofileId: row.subprofileId,
    },
  };
}

/** The last error registered, also when a retry was delivered or the person opened after all (the dominant result tells which). */
function lastErrorOf(row: RecipientRow): RecipientResponse['lastError'] {
  return row.lastErrorKind
    ? {
        kind: row.lastErrorKind,
        code: row.lastErrorCode,
        text: row.lastErrorText,
        reason: row.lastErrorReason,
        action: errorActionOf(row.lastErrorKind, row.lastErrorCode),
      }
    : null;
}

function toRecipientResponse(row: RecipientRow): RecipientResponse {
  return {
    destinationId: row.destinationId.toString(),
    recipientId: row.recipientId,
    profileId: row.profileId,
    subprofileId: row.subprofileId,
    address: row.address,
    status: row.status,
    dominantResult: row.dominantResult,
    sentAt: iso(row.sentAt),
    deliveryConfirmedAt: iso(row.deliveryConfirmedAt),
    openedAt: iso(row.openedAt),
    clickedAt: iso(row.clickedAt),
    unsubscribedAt: iso(row.unsubscribedAt),
    complainedAt: iso(row.complainedAt),
    lastError: lastErrorOf(row),
  };
}
