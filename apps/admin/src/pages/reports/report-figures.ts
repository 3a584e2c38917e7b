// What the report pages show, worked out from the API's figures: pure, so it is tested without a browser.
import {
  DOMINANT_ORDER,
  type ComparedMetric,
  type DominantBucket,
  type DominantResult,
  type MailingReportResponse as MailingReport,
  type TimelineMetric,
} from '@herald/contracts';

/** The filter of the recipients list: every dominant result, least to most dominant, as the API orders the buckets. */
export function dominantResultOptions(): Array<{ value: DominantResult; label: string }> {
  return DOMINANT_ORDER.map((result) => ({ value: result, label: DOMINANT_LABELS[result] }));
}

export const DOMINANT_LABELS: Record<DominantResult, string> = {
  ERROR: 'Error',
  NO_FEEDBACK: 'No feedback',
  IMPRESSION: 'Impression',
  CLICK: 'Click',
  UNSUBSCRIBE: 'Unsubscribe',
  COMPLAINT: 'Spam complaint',
};

/** The order in words, as a line under the dominant results: "error < no feedback < … < spam complaint". */
export function dominanceLine(): string {
  return DOMINANT_ORDER.map((result) => DOMINANT_LABELS[result].toLowerCase()).join(' < ');
}

export const DOMINANT_COLORS: Record<DominantResult, string> = {
  ERROR: 'red.6',
  NO_FEEDBACK: 'gray.5',
  IMPRESSION: 'blue.5',
  CLICK: 'teal.6',
  UNSUBSCRIBE: 'orange.6',
  COMPLAINT: 'grape.7',
};

export interface DominantSlice {
  name: string;
  result: DominantResult;
  value: number;
  percent: number;
  color: string;
}

/**
 * One slice per dominant result with destinations, in the API's order. The percentages are the API's
 * own (rounded so that they add up to exactly 100); they are never rounded again here.
 */
export function dominantSlices(buckets: readonly DominantBucket[]): DominantSlice[] {
  return buckets
    .filter((bucket) => bucket.count > 0)
    .map((bucket) => ({
      name: DOMINANT_LABELS[bucket.result],
      result: bucket.result,
      value: bucket.count,
      percent: bucket.percent,
      color: DOMINANT_COLORS[bucket.result],
    }));
}

/** The sum of the shown percentages, to one decimal: 100 for any mailing with destinations. */
export function percentTotal(buckets: readonly DominantBucket[]): number {
  return Math.round(buckets.reduce((sum, bucket) => sum + bucket.percent, 0) * 10) / 10;
}

export const TIMELINE_SERIES: ReadonlyArray<{ name: TimelineMetric; label: string; color: string }> = [
  { name: 'impressions', label: 'Impressions', color: 'blue.6' },
  { name: 'clicks', label: 'Clicks', color: 'teal.6' },
  { name: 'unsubscribes', label: 'Unsubscribes', color: 'orange.6' },
];

/** Rows for the opens and clicks chart: one per hour or day, labelled in the viewer's time. */
export function timelineRows(
  timeline: MailingReport['timeline'],
): Array<Record<TimelineMetric, number> & { moment: string }> {
  const format =
    timeline.granularity === 'hour'
      ? new Intl.DateTimeFormat(undefined, {
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
      : new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  return timeline.buckets.map((bucket) => {
    const start = new Date(bucket.start);
    return { moment: Number.isNaN(start.getTime()) ? bucket.label : format.format(start), ...bucket.counts };
  });
}

export interface ComparedMetricInfo {
  label: string;
  kind: 'count' | 'percent';
  better: 'higher' | 'lower';
}

/** The compared rates in the order the table shows them, and which way is better (as the API ranks them): rates only, never raw counts. */
export const COMPARED_METRICS: ReadonlyArray<[ComparedMetric, ComparedMetricInfo]> = [
  ['deliveredRate', { label: 'Delivered', kind: 'percent', better: 'higher' }],
  ['openedRate', { label: 'Opened', kind: 'percent', better: 'higher' }],
  ['clickedRate', { label: 'Clicked', kind: 'percent', better: 'higher' }],
  ['clickThroughRate', { label: 'CTR', kind: 'percent', better: 'higher' }],
  ['clickToOpenRate', { label: 'Click-to-open rate', kind: 'percent', better: 'higher' }],
  ['errorRate', { label: 'Errors', kind: 'percent', better: 'lower' }],
  ['unsubscribedRate', { label: 'Unsubscribed', kind: 'percent', better: 'lower' }],
  ['complaintRate', { label: 'Complaints', kind: 'percent', better: 'lower' }],
];

/** A mailing's place for a metric (1 is best), from the API's ranking; null when it has no value or is not ranked. */
export function rankOf(
  ranking: Partial<Record<ComparedMetric, number[]>>,
  metric: ComparedMetric,
  mailingId: number,
  value: number | null,
): number | null {
  if (value === null) return null;
  const place = ranking[metric]?.indexOf(mailingId) ?? -1;
  return place < 0 ? null : place + 1;
}

/** "of messages sent" from "messages with impression / messages sent": what a rate divides by, as a line under it. */
export function baseLine(base: string | undefined): string {
  if (!base) return '';
  const slash = base.lastIndexOf(' / ');
  return slash < 0 ? base : `of ${base.slice(slash + 3).replace(/^\((.*)\)$/, '$1')}`;
}

/** Under a chart of several rates, what each divides by: "Opened of messages sent · CTR of …". */
export function basesLine(
  series: ReadonlyArray<{ name: ComparedMetric; label: string }>,
  bases: Partial<Record<ComparedMetric, string>>,
): string {
  return series.map(({ name, label }) => `${label} ${baseLine(bases[name])}`.trim()).join(' · ');
}

/** Whether a mailing has the best value of a metric: the API names the best ones, several on a tie. */
export function isBest(
  best: Partial<Record<ComparedMetric, number[]>>,
  metric: ComparedMetric,
  mailingId: number,
): boolean {
  return best[metric]?.includes(mailingId) ?? false;
}

/** The link a person opens for a shared report: the admin app's public page, not the API's JSON. */
export function sharedReportUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/admin/shared/${encodeURIComponent(token)}`;
}

/** An optional expiry date (YYYY-MM-DD, local) as the end of that day, in ISO 8601. */
export function expiryOf(date: string): string | undefined {
  if (!date) return undefined;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}
