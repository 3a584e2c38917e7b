import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { DominantBreakdown, DominantResult, Granularity, KeyFigures, MailingComparison, MarketoPerformance, Percentage, TimelineMetric, TrackedFigure } from '@herald/statistics';

export const DOMINANT_RESULTS = ['ERROR', 'NO_FEEDBACK', 'IMPRESSION', 'CLICK', 'UNSUBSCRIBE', 'COMPLAINT'] as const;

const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);

export const errorsQuerySchema = z.object({ page, pageSize });
export class ErrorsQueryDto extends createZodDto(errorsQuerySchema) {}

export const recipientsQuerySchema = z.object({
  result: z.enum(DOMINANT_RESULTS).optional(),
  page,
  pageSize,
  /** Keyset paging: the recipientId of the last row seen; when given, `page` is ignored. */
  after: z.coerce.number().int().min(0).optional(),
});
export class RecipientsQueryDto extends createZodDto(recipientsQuerySchema) {}

/** An ISO 8601 date or date-time, as a Date. A string on the wire, so the OpenAPI schema can say so. */
const instant = z
  .string()
  .refine((value) => /^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(Date.parse(value)), 'not an ISO 8601 date or date-time')
  .transform((value) => new Date(value));

const format = z.enum(['csv', 'xlsx']).default('csv');
export const exportQuerySchema = z.object({ format });
export class ExportQueryDto extends createZodDto(exportQuerySchema) {}

export const recipientsExportQuerySchema = z.object({
  format,
  result: z.enum(DOMINANT_RESULTS).optional(),
  /** Profile (or subprofile) fields to add as columns, comma separated: `firstname,city`. */
  fields: z
    .string()
    .optional()
    .transform((value) => [...new Set((value ?? '').split(',').map((f) => f.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(100)).max(50, 'at most 50 fields')),
});
export class RecipientsExportQueryDto extends createZodDto(recipientsExportQuerySchema) {}

/** A time frame; `to` defaults to now and `from` to 30 days before it. */
export const periodQuerySchema = z
  .object({ from: instant.optional(), to: instant.optional() })
  .transform(({ from, to }) => {
    const end = to ?? new Date();
    return { from: from ?? new Date(end.getTime() - 30 * 86_400_000), to: end };
  })
  .refine(({ from, to }) => to.getTime() > from.getTime(), { message: 'must be after from', path: ['to'] })
  .refine(({ from, to }) => to.getTime() - from.getTime() <= 3_660 * 86_400_000, { message: 'the time frame may span at most ten years', path: ['from'] });
export class PeriodQueryDto extends createZodDto(periodQuerySchema) {}

export const compareQuerySchema = z.object({
  mailingIds: z
    .string()
    .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^[1-9]\d{0,9}$/, 'not a mailing id'))
        .min(2, 'compare at least 2 mailings')
        .max(10, 'compare at most 10 mailings')
        .refine((ids) => new Set(ids).size === ids.length, 'each mailing once'),
    )
    .transform((ids) => ids.map(Number)),
});
export class CompareQueryDto extends createZodDto(compareQuerySchema) {}

export const historyQuerySchema = z.object({ page, pageSize: z.coerce.number().int().min(1).max(500).default(100) });
export class HistoryQueryDto extends createZodDto(historyQuerySchema) {}

export const createShareSchema = z.object({
  title: z.string().trim().min(1).max(200),
  expiresAt: instant.refine((d) => d.getTime() > Date.now(), 'must be in the future').optional(),
});
export class CreateShareDto extends createZodDto(createShareSchema) {}

// Responses

export interface NamedRate {
  name: string;
  formula: string;
  value: Percentage;
}

export interface MailingReportResponse {
  mailing: { id: number; name: string; channel: string; status: string; sentAt: string | null; finishedAt: string | null };
  keyFigures: KeyFigures & { ctr: NamedRate; clickToOpenRate: NamedRate };
  dominantResults: DominantBreakdown;
  timeline: {
    granularity: Granularity;
    buckets: Array<{ start: string; label: string; counts: Record<TimelineMetric, number> }>;
  };
  /** Clicks per link, people's first and machines' apart, as the mailing's clicks. */
  links: Array<{ position: number; url: string; isUnsubscribe: boolean; clicks: TrackedFigure }>;
  errors: { soft: number; hard: number; total: number; unique: number };
}

export type { TimelineMetric };

export interface ErrorEventResponse {
  id: string;
  occurredAt: string;
  kind: string | null;
  code: string | null;
  text: string | null;
  destination: { id: string; address: string; profileId: number; subprofileId: number | null };
}

export interface RecipientResponse {
  destinationId: string;
  recipientId: number;
  profileId: number;
  subprofileId: number | null;
  address: string;
  status: string;
  dominantResult: DominantResult;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  unsubscribedAt: string | null;
  complainedAt: string | null;
  lastError: { kind: string; code: string | null; text: string | null } | null;
}

export interface RecipientsPageResponse {
  items: RecipientResponse[];
  total: number;
  page: number;
  pageSize: number;
  /** Pass as `after` for the next page (keyset); null on the last page. */
  nextAfter: number | null;
}

export interface CampaignEmailPerformanceRow extends MarketoPerformance {
  mailing: { id: number; name: string; sentAt: string | null };
  email: { documentId: number; documentVersionId: number | null };
  /** Machines' opens and clicks (privacy proxies, link scanners), left out of opened and clicked. */
  machine: { impressions: number; clicks: number };
}

export interface CampaignEmailPerformanceResponse {
  from: string;
  to: string;
  /** Where the figures come from: one GROUP BY over the destinations of the mailings in the frame. */
  source: 'destinations';
  rows: CampaignEmailPerformanceRow[];
}

export interface CompareResponse {
  mailings: Array<{ mailing: { id: number; name: string; status: string; sentAt: string | null } } & Omit<MailingComparison['mailings'][number], 'mailing'>>;
  best: Record<keyof MailingComparison['best'], number[]>;
  /** Per compared rate every mailing, best first. */
  ranking: Record<keyof MailingComparison['ranking'], number[]>;
  /** What each compared rate divides by. */
  bases: MailingComparison['bases'];
}

export interface ProfileHistoryEvent {
  type: string;
  occurredAt: string;
  machine: boolean;
  link: { position: number; url: string } | null;
  error: { kind: string | null; code: string | null; text: string | null } | null;
  providerStatus: string | null;
}

export interface ProfileHistoryResponse {
  profile: { id: number; databaseId: number; email: string | null; deleted: boolean };
  mailings: {
    items: Array<{
      mailing: { id: number; name: string; channel: string; status: string };
      destination: { id: string; subprofileId: number | null; address: string; status: string; dominantResult: string; sentAt: string | null };
      events: ProfileHistoryEvent[];
    }>;
    total: number;
    page: number;
    pageSize: number;
  };
  changes: Array<{ id: string; source: string; change: unknown; createdAt: string }>;
}

export interface AudienceStatisticsResponse {
  from: string;
  to: string;
  days: Array<{ date: string; added: number; removed: number; total: number }>;
  /** Live (not deleted) right now. */
  total: number;
  unsubscribed: number;
  disabled: number;
  mailingsSent: number;
  messagesSent: number;
  mailings: Array<{ id: number; name: string; sentAt: string | null; sent: number }>;
}

export interface ShareResponse {
  id: number;
  title: string;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  active: boolean;
}

export interface CreatedShareResponse {
  id: number;
  title: string;
  /** Shown once: only its sha256 is stored. */
  token: string;
  url: string;
  expiresAt: string | null;
}

/** The public view: the report of one mailing with nothing that identifies other records or people. */
export interface SharedReportResponse {
  title: string;
  expiresAt: string | null;
  report: Omit<MailingReportResponse, 'mailing'> & { mailing: Omit<MailingReportResponse['mailing'], 'id'> };
}
