import { keyFigures, type KeyFigures, type MailingCounters } from './key-figures';

export type MailingKey = string | number;

/** The figures on which mailings are ranked side by side, and which way is better. */
export const COMPARED_METRICS = {
  uniqueImpressions: 'higher',
  uniqueClicks: 'higher',
  deliveredRate: 'higher',
  openedRate: 'higher',
  clickedRate: 'higher',
  clickThroughRate: 'higher',
  clickToOpenRate: 'higher',
  errorRate: 'lower',
  unsubscribedRate: 'lower',
  complaintRate: 'lower',
} as const satisfies Record<string, 'higher' | 'lower'>;

export type ComparedMetric = keyof typeof COMPARED_METRICS;

export interface ComparedMailing {
  mailing: MailingKey;
  figures: KeyFigures;
  /** The compared figures of this mailing (null where its base is zero). */
  metrics: Record<ComparedMetric, number | null>;
}

export interface MailingComparison {
  mailings: ComparedMailing[];
  /** Per metric the mailings with the best value (several on a tie, none when no mailing has a value). */
  best: Record<ComparedMetric, MailingKey[]>;
}

function comparedMetrics(f: KeyFigures): Record<ComparedMetric, number | null> {
  return {
    uniqueImpressions: f.impressions.unique,
    uniqueClicks: f.clicks.unique,
    deliveredRate: f.rates.delivered,
    openedRate: f.rates.opened,
    clickedRate: f.rates.clicked,
    clickThroughRate: f.rates.clickThrough,
    clickToOpenRate: f.rates.clickToOpen,
    errorRate: f.rates.errors,
    unsubscribedRate: f.rates.unsubscribed,
    complaintRate: f.rates.complaints,
  };
}

/** Several mailings side by side, in the order given, with the best one per metric. */
export function compareMailings(mailings: ReadonlyArray<{ mailing: MailingKey; counters: MailingCounters }>): MailingComparison {
  const rows = mailings.map(({ mailing, counters }) => {
    const figures = keyFigures(counters);
    return { mailing, figures, metrics: comparedMetrics(figures) };
  });
  const best = {} as Record<ComparedMetric, MailingKey[]>;
  for (const metric of Object.keys(COMPARED_METRICS) as ComparedMetric[]) {
    const direction = COMPARED_METRICS[metric];
    let bestValue: number | null = null;
    for (const row of rows) {
      const value = row.metrics[metric];
      if (value === null) continue;
      if (bestValue === null || (direction === 'higher' ? value > bestValue : value < bestValue)) bestValue = value;
    }
    best[metric] = bestValue === null ? [] : rows.filter((r) => r.metrics[metric] === bestValue).map((r) => r.mailing);
  }
  return { mailings: rows, best };
}
