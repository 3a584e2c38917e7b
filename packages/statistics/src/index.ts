export {
  DOMINANT_ORDER,
  NOTHING_REGISTERED,
  dominantResultOf,
  moreDominant,
  nextDominantState,
  type DominantEvent,
  type DominantEventType,
  type DominantResult,
  type DominantState,
} from './dominant-result';
export {
  AGGREGATE_COUNTERS,
  addCounterChanges,
  asFoldState,
  countersOf,
  countersOfCancelledDestinations,
  countersOfNewDestinations,
  dominantCounterOf,
  foldDestination,
  foldSoftErrorStreak,
  newDestination,
  softErrorStreakWithoutReading,
  type AggregateCounter,
  type CounterChanges,
  type DestinationErrorKind,
  type DestinationEvent,
  type DestinationFoldState,
  type DestinationStatus,
  type FoldResult,
  type ProfileEffect,
} from './destination-fold';
export { formatPercent, percentage, roundHalfUp, type Percentage } from './percent';
export {
  clickThroughRate,
  clickToOpenRate,
  clicksOf,
  dominantCountsOf,
  emptyMailingCounters,
  impressionsOf,
  keyFigures,
  RATE_BASES,
  ratesOf,
  type RateName,
  type KeyFigures,
  type MailingCounters,
  type TotalAndUnique,
  type TrackedFigure,
} from './key-figures';
export { dominantBreakdown, type DominantBreakdown, type DominantBucket } from './dominant-breakdown';
export {
  marketoCampaignEmailPerformance,
  marketoOpened,
  marketoPerformance,
  marketoSendOutcome,
  type MarketoCampaignEmailRow,
  type MarketoCampaignSend,
  type MarketoPerformance,
  type MarketoSendFacts,
  type MarketoSendOutcome,
} from './marketo-performance';
export {
  resultsOverTime,
  type Granularity,
  type ResultsOverTime,
  type ResultsOverTimeOptions,
  type TimeBucket,
  type TimedCounts,
} from './results-over-time';
export { linkClicksOf, type LinkCounters } from './link-clicks';
export { mailingTimeline, TIMELINE_METRICS, type TimelineMetric, type TimelineSources } from './mailing-timeline';
export {
  COMPARED_METRIC_BASES,
  COMPARED_METRICS,
  compareMailings,
  type ComparedMailing,
  type ComparedMetric,
  type MailingComparison,
  type MailingKey,
} from './mailing-comparison';
export {
  AGE_BANDS,
  GENERATIONS,
  pivotByProfile,
  type DimensionValue,
  type PivotDestination,
  type PivotDimension,
  type PivotMetrics,
  type PivotRow,
  type ProfilePivot,
  type ProfileValue,
} from './profile-pivot';
export {
  chiSquareGoodnessOfFit,
  chiSquareTest,
  minimumDetectableDifference,
  twoProportionZTest,
  type ChiSquareTest,
  type Proportion,
  type TwoProportionTest,
} from './split-run/significance';
export {
  chooseSplitRunWinner,
  variantForRemainder,
  type SplitRunSignificance,
  type SplitRunVariantResult,
  type SplitRunWinner,
  type WinnerFallback,
  type WinnerOptions,
  type WinnerRule,
} from './split-run/split-run-winner';
export { mailingCountersOf } from './stored-counters';
export {
  AGE_BAND_BOUNDS,
  AGE_BAND_LABELS,
  ageBandBucket,
  ageBandLabel,
  pivotCells,
  type PivotCell,
  type PivotGroup,
} from './pivot';
