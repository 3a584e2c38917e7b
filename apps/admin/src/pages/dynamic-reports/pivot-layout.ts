import type { FieldResponse, PivotDefinition, PivotDimension, PivotMetric, PivotResponse } from '@herald/contracts';

/** Where a palette item can be dropped: dimensions on rows or columns, metrics in the values. */
export type Zone = 'rows' | 'columns' | 'metrics';
export const ZONES: readonly Zone[] = ['rows', 'columns', 'metrics'];

export const ZONE_LABELS: Record<Zone, string> = { rows: 'Rows', columns: 'Columns', metrics: 'Values' };

/** The contract's limits (PivotDefinition): more would be refused by the API. */
export const ZONE_LIMITS: Record<Zone, number> = { rows: 3, columns: 2, metrics: 10 };

export const METRIC_LABELS: Record<PivotMetric, string> = {
  destinations: 'Destinations',
  sent: 'Sent',
  delivered: 'Delivered',
  impressions: 'Impressions',
  clicks: 'Clicks',
  unsubscribes: 'Unsubscribes',
  complaints: 'Complaints',
  errors: 'Errors',
  ctr: 'CTR',
  clickToOpen: 'Click-to-open',
};

const RATE_METRICS: ReadonlySet<PivotMetric> = new Set<PivotMetric>(['ctr', 'clickToOpen']);

/** CTR and click-to-open are percentages; the other metrics count destinations. */
export function isRate(metric: PivotMetric): boolean {
  return RATE_METRICS.has(metric);
}

export type PaletteItem =
  | { id: string; type: 'dimension'; dimension: PivotDimension; label: string }
  | { id: string; type: 'metric'; metric: PivotMetric; label: string };

/** A stable id for a dimension: the same field split by value and by age band are two items. */
export function dimensionId(dimension: PivotDimension): string {
  switch (dimension.kind) {
    case 'field':
    case 'ageBand':
      return `${dimension.kind}:${dimension.field}`;
    default:
      return dimension.kind;
  }
}

function metricId(metric: PivotMetric): string {
  return `metric:${metric}`;
}

type FieldInfo = Pick<FieldResponse, 'name' | 'label' | 'type'>;

function dimensionLabel(dimension: PivotDimension, labels: ReadonlyMap<string, string>): string {
  switch (dimension.kind) {
    case 'field':
      return labels.get(dimension.field) ?? dimension.field;
    case 'ageBand':
      return `Age band (${labels.get(dimension.field) ?? dimension.field})`;
    case 'mailing':
      return 'Mailing';
    case 'day':
      return 'Day';
  }
}

/**
 * What can be dragged: each field of the scope's databases, the age band of each DATE field, the mailing and the
 * day, then every metric. Fields named by a layout but absent from the databases (a report made for another
 * database) are listed too, so the layout still shows; the API says they do not exist.
 */
export function paletteOf(fields: readonly FieldInfo[], layout?: PivotDefinition): PaletteItem[] {
  const labels = new Map(fields.map((f) => [f.name, f.label]));
  const dimensions: PivotDimension[] = [
    ...fields.map((f): PivotDimension => ({ kind: 'field', field: f.name })),
    ...fields.filter((f) => f.type === 'DATE').map((f): PivotDimension => ({ kind: 'ageBand', field: f.name })),
    { kind: 'mailing' },
    { kind: 'day' },
  ];
  const known = new Set(dimensions.map(dimensionId));
  for (const dimension of [...(layout?.rows ?? []), ...(layout?.columns ?? [])]) {
    if (!known.has(dimensionId(dimension))) {
      known.add(dimensionId(dimension));
      dimensions.push(dimension);
    }
  }
  return [
    ...dimensions.map((dimension): PaletteItem => ({
      id: dimensionId(dimension),
      type: 'dimension',
      dimension,
      label: dimensionLabel(dimension, labels),
    })),
    ...(Object.keys(METRIC_LABELS) as PivotMetric[]).map((metric): PaletteItem => ({
      id: metricId(metric),
      type: 'metric',
      metric,
      label: METRIC_LABELS[metric],
    })),
  ];
}

/** The zones an item may go to. */
export function zonesFor(item: PaletteItem): Zone[] {
  return item.type === 'metric' ? ['metrics'] : ['rows', 'columns'];
}

/** The ids of a zone's items, in order. */
export function zoneIds(layout: PivotDefinition, zone: Zone): string[] {
  return zone === 'metrics' ? layout.metrics.map(metricId) : layout[zone].map(dimensionId);
}

/** The zone an item is in, if any. */
export function zoneOf(layout: PivotDefinition, id: string): Zone | undefined {
  return ZONES.find((zone) => zoneIds(layout, zone).includes(id));
}

export type Placement = { layout: PivotDefinition; refused?: undefined } | { layout?: undefined; refused: string };

/**
 * Puts an item in a zone at an index (its end when none), moving it from the zone it was in. A metric goes only to
 * the values and a dimension only to rows or columns; a full zone refuses another item. Filters stay as they are.
 */
export function place(layout: PivotDefinition, item: PaletteItem, zone: Zone, index?: number): Placement {
  if (!zonesFor(item).includes(zone)) {
    return {
      refused:
        item.type === 'metric'
          ? `${item.label} is a metric: it goes to the values`
          : `${item.label} is a dimension: it goes to the rows or the columns`,
    };
  }
  const from = zoneOf(layout, item.id);
  const without = remove(layout, item.id);
  if (from !== zone && zoneIds(without, zone).length >= ZONE_LIMITS[zone]) {
    return { refused: `${ZONE_LABELS[zone]} hold at most ${ZONE_LIMITS[zone]}` };
  }
  const insert = <T>(list: readonly T[], value: T): T[] => {
    const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length));
    return [...list.slice(0, at), value, ...list.slice(at)];
  };
  if (item.type === 'metric') return { layout: { ...without, metrics: insert(without.metrics, item.metric) } };
  const target = zone === 'columns' ? 'columns' : 'rows';
  return { layout: { ...without, [target]: insert(without[target], item.dimension) } };
}

/** The layout without an item (where it was). */
export function remove(layout: PivotDefinition, id: string): PivotDefinition {
  return {
    ...layout,
    rows: layout.rows.filter((d) => dimensionId(d) !== id),
    columns: layout.columns.filter((d) => dimensionId(d) !== id),
    metrics: layout.metrics.filter((m) => metricId(m) !== id),
  };
}

/**
 * The part of the builder an API issue concerns, by its path (`rows.0.field`, `metrics`, `scope.to`): shown beside
 * that zone; anything else above the table.
 */
export function issueZone(path: string): Zone | 'scope' | 'filters' | undefined {
  const head = path.split('.')[0];
  return head === 'rows' || head === 'columns' || head === 'metrics' || head === 'scope' || head === 'filters'
    ? head
    : undefined;
}

/** "1 Jan 2026" as a date input gives it (YYYY-MM-DD): the local day's first moment, and the next day's. */
export function periodScope(from: string, to: string): { from: string; to: string } | undefined {
  const start = new Date(`${from}T00:00:00`);
  const end = new Date(`${to}T00:00:00`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return undefined;
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

type Key = ReadonlyArray<string | null>;

export interface PivotTable {
  rowDimensions: PivotResponse['dimensions'];
  columnDimensions: PivotResponse['dimensions'];
  /** The distinct values of the row dimensions, in the API's order; one empty key when there are no rows. */
  rowKeys: Key[];
  /** Likewise for the columns. */
  columnKeys: Key[];
  value(rowKey: Key, columnKey: Key, metric: PivotMetric): number | null | undefined;
  /** With columns: a row's total over its columns, and a column's over the rows (the API's, rates included). */
  rowTotal(rowKey: Key, metric: PivotMetric): number | null | undefined;
  columnTotal(columnKey: Key, metric: PivotMetric): number | null | undefined;
}

const keyString = (key: Key): string => JSON.stringify(key);

function distinct(keys: Key[]): Key[] {
  const seen = new Map<string, Key>();
  for (const key of keys) if (!seen.has(keyString(key))) seen.set(keyString(key), key);
  return [...seen.values()];
}

/** The API's cells (keyed by the row values, then the column values) as a grid of rows × columns. */
export function pivotTable(response: PivotResponse, rowCount: number): PivotTable {
  const cells = new Map(response.cells.map((c) => [keyString(c.key), c.values]));
  const rowTotals = new Map(response.rowTotals.map((c) => [keyString(c.key), c.values]));
  const columnTotals = new Map(response.columnTotals.map((c) => [keyString(c.key), c.values]));
  return {
    rowDimensions: response.dimensions.slice(0, rowCount),
    columnDimensions: response.dimensions.slice(rowCount),
    rowKeys: distinct(response.cells.map((c) => c.key.slice(0, rowCount))),
    columnKeys: distinct(response.cells.map((c) => c.key.slice(rowCount))),
    value: (rowKey, columnKey, metric) => cells.get(keyString([...rowKey, ...columnKey]))?.[metric],
    rowTotal: (rowKey, metric) => rowTotals.get(keyString(rowKey))?.[metric],
    columnTotal: (columnKey, metric) => columnTotals.get(keyString(columnKey))?.[metric],
  };
}

/** A key value as people read it: a mailing's name for its id, "(none)" for no value. */
export function valueLabel(dimension: PivotResponse['dimensions'][number] | undefined, value: string | null): string {
  if (value === null) return '(none)';
  return dimension?.valueLabels[value] ?? value;
}

/** Dimensions a filter can keep values of: every one (an age band by the label the report shows). */
export function filterable(item: PaletteItem): boolean {
  return item.type === 'dimension';
}

/** Sets the values a filter on a dimension keeps (adding the filter when there was none); no values drops it. */
export function setFilter(
  layout: PivotDefinition,
  dimension: PivotDimension,
  values: ReadonlyArray<string | null>,
): PivotDefinition {
  const id = dimensionId(dimension);
  const at = layout.filters.findIndex((f) => dimensionId(f.dimension) === id);
  const filter = { dimension, values: [...values] };
  const filters = at < 0 ? [...layout.filters, filter] : layout.filters.map((f, i) => (i === at ? filter : f));
  return { ...layout, filters };
}

export function removeFilter(layout: PivotDefinition, dimension: PivotDimension): PivotDefinition {
  return { ...layout, filters: layout.filters.filter((f) => dimensionId(f.dimension) !== dimensionId(dimension)) };
}

/** The layout as the API takes it: a filter still without values (being edited) is left out. */
export function definitionOf(layout: PivotDefinition): PivotDefinition {
  return { ...layout, filters: layout.filters.filter((f) => f.values.length > 0) };
}

/** The values a dimension took in a pivot, with their labels, to suggest in its filter. */
export function valuesIn(
  response: PivotResponse | undefined,
  dimension: PivotDimension,
): { value: string; label: string }[] {
  const at = response?.dimensions.findIndex((d) => dimensionId(d.dimension) === dimensionId(dimension)) ?? -1;
  if (!response || at < 0) return [];
  const values = new Set(
    response.cells.map((c) => c.key[at]).filter((v): v is string => v !== null && v !== undefined),
  );
  return [...values].map((value) => ({ value, label: valueLabel(response.dimensions[at], value) }));
}
