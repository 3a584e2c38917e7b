import { z } from 'zod';
import { Timestamp } from './common.schema';
import { Channel } from './documents.schema';
import { DestinationStatus, DominantResult, ErrorKind, MailingStatus } from './mailings';

/** A share in percent (0–100), or null where its base is zero (no division by zero shown as 0 %). */
export const Percentage = z.number().nullable();
export type Percentage = z.infer<typeof Percentage>;

const Count = z.number().int().min(0);

export const TotalAndUnique = z.object({ total: Count, unique: Count });
export type TotalAndUnique = z.infer<typeof TotalAndUnique>;

/** Totals split into people and machines (privacy-proxy opens, link scanners): human = total − machine. */
export const TrackedFigure = TotalAndUnique.extend({ machine: Count, human: Count });
export type TrackedFigure = z.infer<typeof TrackedFigure>;

/** The key figures of a mailing; every rate a percentage or null. */
export const RATE_NAMES = [
  'delivered',
  'errors',
  'opened',
  'clicked',
  'unsubscribed',
  'complaints',
  'clickThrough',
  'clickToOpen',
  'machineImpressions',
] as const;
export type RateName = (typeof RATE_NAMES)[number];

export const KeyFigures = z.object({
  destinations: Count,
  sent: Count,
  delivered: Count,
  failed: Count,
  suppressed: Count,
  /** Not handed over: an admin stopped the mailing first. */
  cancelled: Count,
  errors: TotalAndUnique.extend({ soft: Count, hard: Count }),
  impressions: TrackedFigure,
  clicks: TrackedFigure,
  unsubscribes: TotalAndUnique,
  complaints: TotalAndUnique,
  /** Destinations with nothing registered (the dominant bucket). */
  noFeedback: Count,
  rates: z.object({
    /** delivered / sent */
    delivered: Percentage,
    /** unique errors / sent */
    errors: Percentage,
    /** messages with impression / messages sent */
    opened: Percentage,
    /** unique clicks / messages sent */
    clicked: Percentage,
    /** unique unsubscribes / messages sent */
    unsubscribed: Percentage,
    /** unique complaints / destinations */
    complaints: Percentage,
    /** dominant clicks / (dominant impressions + dominant clicks) */
    clickThrough: Percentage,
    /** unique clicks / messages with impression */
    clickToOpen: Percentage,
    /** machine impressions / total impressions */
    machineImpressions: Percentage,
  }),
  /** What each rate divides by, in words, for a page to show beside it. */
  rateBases: z.object(
    Object.fromEntries(RATE_NAMES.map((name) => [name, z.string()])) as Record<RateName, z.ZodString>,
  ),
});
export type KeyFigures = z.infer<typeof KeyFigures>;

/** A rate with the formula it was computed by, so a page can say what it divides by. */
export const NamedRate = z.object({ name: z.string(), formula: z.string(), value: Percentage });
export type NamedRate = z.infer<typeof NamedRate>;

export const DominantBucket = z.object({
  result: DominantResult,
  count: Count,
  /** Rounded; the buckets' percentages add up to exactly 100 (0 for an empty mailing). */
  percent: z.number(),
});
export type DominantBucket = z.infer<typeof DominantBucket>;

export const DominantBreakdown = z.object({
  /** Destinations counted: each once. */
  total: Count,
  /** Least dominant first. */
  buckets: z.array(DominantBucket),
});
export type DominantBreakdown = z.infer<typeof DominantBreakdown>;

/** Per bucket: people's results, and machines' impressions and clicks apart. */
export const TIMELINE_METRICS = [
  'impressions',
  'clicks',
  'unsubscribes',
  'complaints',
  'errors',
  'machineImpressions',
  'machineClicks',
] as const;
export const TimelineMetric = z.enum(TIMELINE_METRICS);
export type TimelineMetric = z.infer<typeof TimelineMetric>;

export const Granularity = z.enum(['hour', 'day']);
export type Granularity = z.infer<typeof Granularity>;

export const MailingReportResponse = z.object({
  mailing: z.object({
    id: z.number().int(),
    name: z.string(),
    channel: Channel,
    status: MailingStatus,
    sentAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    /**
     * Who ended it early and when: `stopped` while it was sending (by an admin), `cancelled` before;
     * `time-limit` when its maximum duration ran out (`at`) and the rest was not sent (`by` null).
     */
    ended: z
      .object({ how: z.enum(['stopped', 'cancelled', 'time-limit']), by: z.string().nullable(), at: Timestamp })
      .nullable(),
    /** The split-run whose test group or remainder this mailing sent, where the variants are compared; null otherwise. */
    splitRunId: z.number().int().nullable(),
  }),
  keyFigures: KeyFigures.extend({ ctr: NamedRate, clickToOpenRate: NamedRate }),
  dominantResults: DominantBreakdown,
  timeline: z.object({
    granularity: Granularity,
    buckets: z.array(
      z.object({
        start: Timestamp,
        label: z.string(),
        counts: z.object(
          Object.fromEntries(TIMELINE_METRICS.map((metric) => [metric, Count])) as Record<TimelineMetric, typeof Count>,
        ),
      }),
    ),
  }),
  links: z.array(
    z.object({
      position: z.number().int(),
      url: z.string(),
      isUnsubscribe: z.boolean(),
      /** People's clicks first, link scanners' apart. */
      clicks: TrackedFigure,
    }),
  ),
  errors: z.object({ soft: Count, hard: Count, total: Count, unique: Count }),
});
export type MailingReportResponse = z.infer<typeof MailingReportResponse>;

/** What a shared link shows: the report without the ids of anything. */
export const ReportContent = MailingReportResponse.extend({
  mailing: MailingReportResponse.shape.mailing.omit({ id: true, splitRunId: true }),
});
export type ReportContent = z.infer<typeof ReportContent>;

/** What an error did to the recipient: disabled at once, counted towards disabling, held against us instead, or a message that could not be made. */
export const ErrorAction = z.enum(['hard', 'soft', 'sender-side', 'compose']);
export type ErrorAction = z.infer<typeof ErrorAction>;

const SENDER_SIDE_MARK = 'sender:';

/** A stored error code marked as being about us, not the recipient (docs/rules/bounces.md): the one writer of the mark. */
export function senderSideCode(code: string): string {
  return `${SENDER_SIDE_MARK}${code}`;
}

/** Whether a stored error code carries the sender-side mark: the one reader of the mark. */
export function isSenderSideCode(code: string | null | undefined): boolean {
  return code?.startsWith(SENDER_SIDE_MARK) ?? false;
}

/** A stored error code without the sender-side mark, as the provider gave it. */
export function unmarkedCode(code: string): string {
  return isSenderSideCode(code) ? code.slice(SENDER_SIDE_MARK.length) : code;
}

/**
 * The action of a stored error: its kind, and the `sender:` mark the worker puts on the code of an
 * error about us (docs/rules/bounces.md, "Reasons and actions").
 */
export function errorActionOf(kind: string | null, code: string | null): ErrorAction | null {
  if (isSenderSideCode(code)) return 'sender-side';
  if (kind === 'HARD') return 'hard';
  if (kind === 'SOFT') return 'soft';
  if (kind === 'COMPOSE') return 'compose';
  return null;
}

const ErrorDetail = z.object({
  kind: ErrorKind.nullable(),
  code: z.string().nullable(),
  text: z.string().nullable(),
  /** A bounce's reason in sisimai's terms (`userunknown`, `mailboxfull`, `blocked`...); null for other errors. */
  reason: z.string().nullable(),
  action: ErrorAction.nullable(),
});

export const ErrorEventResponse = z.object({
  id: z.string(),
  occurredAt: Timestamp,
  // SOFT, HARD or COMPOSE; a string because the report reads it with raw SQL.
  kind: z.string().nullable(),
  code: z.string().nullable(),
  text: z.string().nullable(),
  reason: z.string().nullable(),
  action: ErrorAction.nullable(),
  destination: z.object({
    id: z.string(),
    address: z.string(),
    profileId: z.number().int(),
    subprofileId: z.number().int().nullable(),
  }),
});
export type ErrorEventResponse = z.infer<typeof ErrorEventResponse>;

export const RecipientResponse = z.object({
  destinationId: z.string(),
  /** The subprofile's id when the mailing went to subprofiles, else the profile's: the keyset. */
  recipientId: z.number().int(),
  profileId: z.number().int(),
  subprofileId: z.number().int().nullable(),
  address: z.string(),
  // A DestinationStatus; a string because the report reads it with raw SQL.
  status: z.string(),
  dominantResult: DominantResult,
  sentAt: Timestamp.nullable(),
  /** When the SMS or fax provider reported the message delivered; null for email, or with no report yet. */
  deliveryConfirmedAt: Timestamp.nullable(),
  openedAt: Timestamp.nullable(),
  clickedAt: Timestamp.nullable(),
  unsubscribedAt: Timestamp.nullable(),
  complainedAt: Timestamp.nullable(),
  lastError: ErrorDetail.extend({ kind: z.string() }).nullable(),
});
export type RecipientResponse = z.infer<typeof RecipientResponse>;

export const RecipientsPageResponse = z.object({
  items: z.array(RecipientResponse),
  total: Count,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  /** Pass as `after` for the next page (keyset); null on the last page. */
  nextAfter: z.number().int().nullable(),
});
export type RecipientsPageResponse = z.infer<typeof RecipientsPageResponse>;

/** The campaign email performance figures, by Marketo's rules (a click implies an open; pending = not yet handed over). */
export const MarketoPerformance = z.object({
  sent: Count,
  delivered: Count,
  hardBounced: Count,
  softBounced: Count,
  /** sent − delivered − hard bounced − soft bounced */
  pending: Count,
  opened: Count,
  clicked: Count,
  unsubscribed: Count,
  rates: z.object({
    /** delivered / sent */
    delivered: Percentage,
    /** hard bounced / sent */
    hardBounced: Percentage,
    /** soft bounced / sent */
    softBounced: Percentage,
    /** pending / sent */
    pending: Percentage,
    /** opened / delivered */
    opened: Percentage,
    /** clicked / delivered */
    clicked: Percentage,
    /** clicked / opened */
    clickToOpen: Percentage,
    /** unsubscribed / delivered */
    unsubscribed: Percentage,
  }),
});
export type MarketoPerformance = z.infer<typeof MarketoPerformance>;

export const CampaignEmailPerformanceRow = MarketoPerformance.extend({
  mailing: z.object({ id: z.number().int(), name: z.string(), sentAt: Timestamp.nullable() }),
  email: z.object({ documentId: z.number().int(), documentVersionId: z.number().int().nullable() }),
  /** Machines' opens and clicks (privacy proxies, link scanners), left out of opened and clicked. */
  machine: z.object({ impressions: Count, clicks: Count }),
});
export type CampaignEmailPerformanceRow = z.infer<typeof CampaignEmailPerformanceRow>;

export const CampaignEmailPerformanceResponse = z.object({
  from: Timestamp,
  to: Timestamp,
  /** Where the figures come from: one GROUP BY over the destinations of the mailings in the frame. */
  source: z.literal('destinations'),
  rows: z.array(CampaignEmailPerformanceRow),
});
export type CampaignEmailPerformanceResponse = z.infer<typeof CampaignEmailPerformanceResponse>;

/** Rates only: a raw count would rank the bigger mailing first. */
export const COMPARED_METRICS = [
  'deliveredRate',
  'openedRate',
  'clickedRate',
  'clickThroughRate',
  'clickToOpenRate',
  'errorRate',
  'unsubscribedRate',
  'complaintRate',
] as const;
export const ComparedMetric = z.enum(COMPARED_METRICS);
export type ComparedMetric = z.infer<typeof ComparedMetric>;

const metricRecord = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(COMPARED_METRICS.map((metric) => [metric, value])) as Record<ComparedMetric, T>);

export const CompareResponse = z.object({
  mailings: z.array(
    z.object({
      mailing: z.object({
        id: z.number().int(),
        name: z.string(),
        status: MailingStatus,
        sentAt: Timestamp.nullable(),
      }),
      figures: KeyFigures,
      /** The compared figures of this mailing (null where its base is zero). */
      metrics: metricRecord(z.number().nullable()),
    }),
  ),
  /** Per metric the ids of the mailings with the best value (several on a tie). */
  best: metricRecord(z.array(z.number().int())),
  /** Per metric every mailing's id, best first; mailings without a value last. */
  ranking: metricRecord(z.array(z.number().int())),
  /** What each compared rate divides by. */
  bases: metricRecord(z.string()),
});
export type CompareResponse = z.infer<typeof CompareResponse>;

export const EventType = z.enum([
  'DELIVERED',
  'ERROR',
  'IMPRESSION',
  'CLICK',
  'UNSUBSCRIBE',
  'COMPLAINT',
  'PROVIDER_STATUS',
]);
export type EventType = z.infer<typeof EventType>;

export const ProfileHistoryEvent = z.object({
  type: EventType,
  occurredAt: Timestamp,
  /** Likely a machine (a privacy proxy's open, a link scanner's click). */
  machine: z.boolean(),
  link: z.object({ position: z.number().int(), url: z.string() }).nullable(),
  error: ErrorDetail.nullable(),
  providerStatus: z.string().nullable(),
});
export type ProfileHistoryEvent = z.infer<typeof ProfileHistoryEvent>;

export const ProfileHistoryEntry = z.object({
  mailing: z.object({ id: z.number().int(), name: z.string(), channel: Channel, status: MailingStatus }),
  destination: z.object({
    id: z.string(),
    subprofileId: z.number().int().nullable(),
    address: z.string(),
    status: DestinationStatus,
    dominantResult: DominantResult,
    sentAt: Timestamp.nullable(),
  }),
  events: z.array(ProfileHistoryEvent),
});
export type ProfileHistoryEntry = z.infer<typeof ProfileHistoryEntry>;

/** One change to the profile: where it came from (the API, an import, a result) and what changed. */
export const ProfileChange = z.object({
  id: z.string(),
  source: z.string(),
  change: z.unknown(),
  createdAt: Timestamp,
});
export type ProfileChange = z.infer<typeof ProfileChange>;

export const ProfileHistoryResponse = z.object({
  profile: z.object({
    id: z.number().int(),
    databaseId: z.number().int(),
    email: z.string().nullable(),
    deleted: z.boolean(),
  }),
  mailings: z.object({
    items: z.array(ProfileHistoryEntry),
    total: Count,
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  }),
  changes: z.array(ProfileChange),
});
export type ProfileHistoryResponse = z.infer<typeof ProfileHistoryResponse>;

export const AudienceStatisticsResponse = z.object({
  from: Timestamp,
  to: Timestamp,
  days: z.array(z.object({ date: z.string(), added: Count, removed: Count, total: Count })),
  /** Live (not deleted) right now. */
  total: Count,
  unsubscribed: Count,
  disabled: Count,
  mailingsSent: Count,
  messagesSent: Count,
  mailings: z.array(z.object({ id: z.number().int(), name: z.string(), sentAt: Timestamp.nullable(), sent: Count })),
});
export type AudienceStatisticsResponse = z.infer<typeof AudienceStatisticsResponse>;

export const ShareResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  active: z.boolean(),
});
export type ShareResponse = z.infer<typeof ShareResponse>;

export const CreatedShareResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  /** Shown once: only its hash is stored. */
  token: z.string(),
  url: z.string(),
  expiresAt: Timestamp.nullable(),
});
export type CreatedShareResponse = z.infer<typeof CreatedShareResponse>;

/** The public view: the report of one mailing with nothing that identifies other records or people. */
export const SharedReportResponse = z.object({
  title: z.string(),
  expiresAt: Timestamp.nullable(),
  report: ReportContent,
});
export type SharedReportResponse = z.infer<typeof SharedReportResponse>;

export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;
