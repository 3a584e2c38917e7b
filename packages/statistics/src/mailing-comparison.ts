import { keyFigures, RATE_BASES, type KeyFigures, type MailingCounters } from './key-figures';

export type MailingKey = string | number;

/**
 * The rates on which mailings are ranked side by side, and which way is better. Rates only: a raw
 * count ranks the bigger mailing first, whatever its results.
 */
export const COMPARED_METRICS = {
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

/** What each compared rate divides by (the same words as the mailing report's). */
export const COMPARED_METRIC_BASES: Record<ComparedMetric, string> = {
  deliveredRate: RATE_BASES.delivered,
  openedRate: RATE_BASES.opened,
  clickedRate: RATE_BASES.clicked,
  clickThroughRate: RATE_BASES.clickThrough,
  clickToOpenRate: RATE_BASES.clickToOpen,
  errorRate: RATE_BASES.errors,
  unsubscribedRate: RATE_BASES.unsubscribed,
  complaintRate: RATE_BASES.complaints,
};

export interface ComparedMailing {
  mailing: MailingKey;
  figures: KeyFigures;
  /** The compared rates of this mailing (null where its base is zero). */
  metrics: Record<ComparedMetric, number | null>;
}

export interface MailingComparison {
  mailings: ComparedMailing[];
  /** Per metric the mailings with the best value (several on a tie, none when no mailing has a value). */
  best: Record<ComparedMetric, MailingKey[]>;
  /** Per metric every mailing, best first; ties keep the order given, mailings without a value come last. */
  ranking: Record<ComparedMetric, MailingKey[]>;
  bases: Record<ComparedMetric, string>;
}

function comparedMetrics(f: KeyFigures): Record<ComparedMetric, number | null> {
  return {
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

/** Several mailings side by side, in the order given, ranked per rate. */
export function compareMailings(
  mailings: ReadonlyArray<{ mailing: MailingKey; counters: MailingCounters }>,
): MailingComparison {
  const rows = mailings.map(({ mailing, counters }) => {
    const figures = keyFigures(counters);
    return { mailing, figures, metrics: comparedMetrics(figures) };
  });
  const best = {} as Record<ComparedMetric, MailingKey[]>;
  const ranking = {} as Record<ComparedMetric, MailingKey[]>;
  for (const metric of Object.keys(COMPARED_METRICS) as ComparedMetric[]) {
    const sign = COMPARED_METRICS[metric] === 'higher' ? -1 : 1;
    // Array.prototype.sort is stable: equal values keep the order given.
    const ranked = rows
      .map((row) => ({ mailing: row.mailing, value: row.metrics[metric] }))
      .sort((a, b) =>
        a.value === null ? (b.value === null ? 0 : 1) : b.value === null ? -1 : sign * (a.value - b.value),
      );
    ranking[metric] = ranked.map((r) => r.mailing);
    const top = ranked[0]?.value ?? null;
    best[metric] = top === null ? [] : ranked.filter((r) => r.value === top).map((r) => r.mailing);
  }
  return { mailings: rows, best, ranking, bases: COMPARED_METRIC_BASES };
}
