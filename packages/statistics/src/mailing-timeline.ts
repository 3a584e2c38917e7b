import { resultsOverTime, type ResultsOverTime, type ResultsOverTimeOptions } from './results-over-time';

/** The series of a mailing's results over time; people's figures first, machines' apart. */
export const TIMELINE_METRICS = [
  'impressions',
  'clicks',
  'unsubscribes',
  'complaints',
  'errors',
  'machineImpressions',
  'machineClicks',
] as const;
export type TimelineMetric = (typeof TIMELINE_METRICS)[number];

/** Where each series comes from, each as hours with counts. */
export interface TimelineSources {
  /** People's opens and clicks, unsubscribes and complaints per hour, as the ingestion counts them. */
  results: ReadonlyArray<{ hour: Date; impressions: number; clicks: number; unsubscribes: number; complaints: number }>;
  /** Every error event per hour: each attempt's (at send time, also when a retry was delivered) and each bounce. */
  errors: ReadonlyArray<{ hour: Date; count: number }>;
  /** Impressions a click without an open implies, at the hour of that click. */
  impliedImpressions: ReadonlyArray<{ hour: Date; count: number }>;
  /** Machines' opens and clicks per hour. */
  machine: ReadonlyArray<{ hour: Date; impressions: number; clicks: number }>;
}

/**
 * A mailing's results over time, each series summing to its key figure: impressions to people's
 * impressions (implied ones included), clicks to people's clicks, errors to all errors, the machine
 * series to the machines' impressions and clicks.
 */
export function mailingTimeline(
  sources: TimelineSources,
  options: Omit<ResultsOverTimeOptions<TimelineMetric>, 'metrics'> = {},
): ResultsOverTime<TimelineMetric> {
  const entries = [
    ...sources.results.map((r) => ({
      at: r.hour,
      impressions: r.impressions,
      clicks: r.clicks,
      unsubscribes: r.unsubscribes,
      complaints: r.complaints,
    })),
    ...sources.errors.map((e) => ({ at: e.hour, errors: e.count })),
    ...sources.impliedImpressions.map((i) => ({ at: i.hour, impressions: i.count })),
    ...sources.machine.map((m) => ({ at: m.hour, machineImpressions: m.impressions, machineClicks: m.clicks })),
  ];
  return resultsOverTime<TimelineMetric>(entries, { ...options, metrics: TIMELINE_METRICS });
}
