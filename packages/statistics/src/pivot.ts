import type { PivotMetric } from '@herald/contracts';
import { countersOf, type DestinationErrorKind, type DestinationStatus, type CounterChanges } from './destination-fold';
import type { DominantResult } from './dominant-result';
import { clickThroughRate, clickToOpenRate } from './key-figures';
import type { Percentage } from './percent';

/**
 * Dynamic reports: a mailing's results (or a period's) split by who the recipients are. Every figure
 * is counted per destination from the same fold state the aggregate is kept from (`countersOf`), so a
 * pivot with no dimension gives the mailing report's figures and a split adds up to them.
 */

/** One group of destinations as SQL counts it: its dimension values and the fold state they share. */
export interface PivotGroup {
  /** The values of the chosen dimensions, in order; null where a profile has none. */
  key: ReadonlyArray<string | null>;
  status: DestinationStatus;
  dominantResult: DominantResult;
  opened: boolean;
  clicked: boolean;
  unsubscribed: boolean;
  complained: boolean;
  lastErrorKind: DestinationErrorKind | null;
  count: number;
}

export interface PivotCell {
  key: ReadonlyArray<string | null>;
  metrics: Record<PivotMetric, number | Percentage>;
}

/** The counters a cell's figures come from, summed over its groups. */
type CellCounters = Required<
  Pick<
    CounterChanges,
    | 'destinations'
    | 'sent'
    | 'delivered'
    | 'impressionsUnique'
    | 'clicksUnique'
    | 'unsubscribesUnique'
    | 'complaintsUnique'
    | 'errorsUnique'
    | 'dominantImpression'
    | 'dominantClick'
  >
>;

const SOME_TIME = new Date(0);

function countersOfGroup(group: PivotGroup): CounterChanges {
  return countersOf({
    status: group.status,
    dominantResult: group.dominantResult,
    openedAt: group.opened ? SOME_TIME : null,
    clickedAt: group.clicked ? SOME_TIME : null,
    unsubscribedAt: group.unsubscribed ? SOME_TIME : null,
    complainedAt: group.complained ? SOME_TIME : null,
    lastErrorKind: group.lastErrorKind,
  });
}

function emptyCell(): CellCounters {
  return {
    destinations: 0,
    sent: 0,
    delivered: 0,
    impressionsUnique: 0,
    clicksUnique: 0,
    unsubscribesUnique: 0,
    complaintsUnique: 0,
    errorsUnique: 0,
    dominantImpression: 0,
    dominantClick: 0,
  };
}

function metricsOf(c: CellCounters): Record<PivotMetric, number | Percentage> {
  return {
    destinations: c.destinations,
    sent: c.sent,
    delivered: c.delivered,
    impressions: c.impressionsUnique,
    clicks: c.clicksUnique,
    unsubscribes: c.unsubscribesUnique,
    complaints: c.complaintsUnique,
    errors: c.errorsUnique,
    ctr: clickThroughRate(c.dominantClick, c.dominantImpression),
    clickToOpen: clickToOpenRate(c.clicksUnique, c.impressionsUnique),
  };
}

/** Counts per key, adding each group's counters (times its count) to the key `keyOf` gives it. */
class CellSums {
  private readonly byKey = new Map<string, { key: ReadonlyArray<string | null>; counters: CellCounters }>();

  add(key: ReadonlyArray<string | null>, changes: CounterChanges, count: number): void {
    const id = JSON.stringify(key);
    let cell = this.byKey.get(id);
    if (!cell) this.byKey.set(id, (cell = { key, counters: emptyCell() }));
    for (const name of Object.keys(cell.counters) as Array<keyof CellCounters>)
      cell.counters[name] += (changes[name] ?? 0) * count;
  }

  cells(): PivotCell[] {
    return [...this.byKey.values()]
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((c) => ({ key: c.key, metrics: metricsOf(c.counters) }));
  }
}

export interface PivotCells {
  cells: PivotCell[];
  totals: PivotCell['metrics'];
  /** With columns: the totals of each row over its columns, keyed by the row's part of the key. */
  rowTotals: PivotCell[];
  /** With columns: the totals of each column over the rows, keyed by the column's part of the key. */
  columnTotals: PivotCell[];
}

/**
 * The cells of a pivot, one per distinct key, in key order (nulls last), and the totals over all of
 * them; when the key's first `rowDimensions` values are its row and the rest its column, also each
 * row's and each column's totals. Rates are worked out from each cell's own counts, never averaged,
 * so a total's rate is never the sum or mean of the rates it spans.
 */
export function pivotCells(groups: Iterable<PivotGroup>, rowDimensions?: number): PivotCells {
  const cells = new CellSums();
  const rows = new CellSums();
  const columns = new CellSums();
  const total = new CellSums();
  let split = false;
  for (const group of groups) {
    const changes = countersOfGroup(group);
    cells.add(group.key, changes, group.count);
    total.add([], changes, group.count);
    if (rowDimensions !== undefined && group.key.length > rowDimensions) {
      split = true;
      rows.add(group.key.slice(0, rowDimensions), changes, group.count);
      columns.add(group.key.slice(rowDimensions), changes, group.count);
    }
  }
  return {
    cells: cells.cells(),
    totals: total.cells()[0]?.metrics ?? metricsOf(emptyCell()),
    rowTotals: split ? rows.cells() : [],
    columnTotals: split ? columns.cells() : [],
  };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareKeys(a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = collator.compare(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Age bands (whole years on the report's day): the lower bounds, youngest first. SQL buckets ages with
 * these bounds (`width_bucket`) and `ageBandLabel` names the bucket, so the bands live only here.
 */
export const AGE_BAND_BOUNDS = [18, 25, 35, 45, 55, 65] as const;

/** The label of `width_bucket(age, AGE_BAND_BOUNDS)`: 0 is under the first bound; null, no valid birth date. */
export function ageBandLabel(bucket: number | null): string | null {
  if (bucket === null || !Number.isInteger(bucket) || bucket < 0 || bucket > AGE_BAND_BOUNDS.length) return null;
  if (bucket === 0) return `under ${AGE_BAND_BOUNDS[0]}`;
  if (bucket === AGE_BAND_BOUNDS.length) return `${AGE_BAND_BOUNDS[bucket - 1]}+`;
  return `${AGE_BAND_BOUNDS[bucket - 1]}–${AGE_BAND_BOUNDS[bucket]! - 1}`;
}

/** Every band's label, youngest first: what a report shows and a filter on age bands takes. */
export const AGE_BAND_LABELS: readonly string[] = Array.from({ length: AGE_BAND_BOUNDS.length + 1 }, (_, bucket) =>
  ageBandLabel(bucket)!,
);

/** The bucket a band's label names (a filter's value, as the report showed it), or null for no band. */
export function ageBandBucket(label: string): number | null {
  // A hyphen for the en dash, as people type it.
  const bucket = AGE_BAND_LABELS.indexOf(label.trim().replace('-', '–'));
  return bucket === -1 ? null : bucket;
}
