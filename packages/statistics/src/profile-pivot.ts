import { DomainError } from '@herald/domain';
import { percentage, type Percentage } from './percent';

export type ProfileValue = string | number | boolean | Date | null | undefined;
export type DimensionValue = string | number | null;

/** One destination of a mailing: what happened to it, and its recipient's profile fields. */
export interface PivotDestination {
  profile: Readonly<Record<string, ProfileValue>>;
  /** Sending was attempted (not suppressed); a bounced message was sent. */
  sent: boolean;
  delivered?: boolean;
  /** A hard or soft bounce (at sending or by a bounce message later). */
  bounced?: boolean;
  /** Opens by people (machine opens left out). */
  impressions?: number;
  /** Clicks by people on normal links (unsubscribe link left out). */
  clicks?: number;
  unsubscribed?: boolean;
  complained?: boolean;
}

/** How profiles are grouped: by a field's value, or by the age band or generation of a birth date field. */
export type PivotDimension =
  | { kind: 'field'; field: string; name?: string }
  /** Age in full years on `asOf` (a report fixes its own "today", so the result never drifts). */
  | { kind: 'ageRange'; field: string; asOf: Date; name?: string }
  | { kind: 'generation'; field: string; name?: string };

export interface PivotMetrics {
  destinations: number;
  sent: number;
  delivered: number;
  bounces: number;
  impressionsTotal: number;
  /** Destinations that opened; a click implies an open. */
  impressionsUnique: number;
  clicksTotal: number;
  clicksUnique: number;
  unsubscribes: number;
  complaints: number;
  rates: {
    /** delivered / sent */
    delivered: Percentage;
    /** bounces / sent */
    bounce: Percentage;
    /** unique opens / delivered */
    open: Percentage;
    /** unique clicks / delivered (Adobe's click rate) */
    click: Percentage;
    /** unique clicks / unique opens */
    clickToOpen: Percentage;
    /** unsubscribes / delivered */
    unsubscribe: Percentage;
    /** complaints / delivered */
    complaint: Percentage;
  };
}

export interface PivotRow {
  /** Keyed by dimension name; null where the profile has no (usable) value. */
  dimensions: Record<string, DimensionValue>;
  metrics: PivotMetrics;
}

export interface ProfilePivot {
  /** Dimension names, in the order asked. */
  dimensions: string[];
  /** One row per combination of values that occurs, sorted by the first dimension, then the second. */
  rows: PivotRow[];
  totals: PivotMetrics;
}

/** Age bands in order; the lower bound of each. */
export const AGE_BANDS: ReadonlyArray<{ label: string; from: number }> = [
  { label: 'under 18', from: 0 },
  { label: '18-24', from: 18 },
  { label: '25-34', from: 25 },
  { label: '35-44', from: 35 },
  { label: '45-54', from: 45 },
  { label: '55-64', from: 55 },
  { label: '65+', from: 65 },
];

/** Generations by birth year (Pew Research Center's boundaries), oldest first. */
export const GENERATIONS: ReadonlyArray<{ label: string; from: number }> = [
  { label: 'Greatest Generation', from: Number.NEGATIVE_INFINITY },
  { label: 'Silent Generation', from: 1928 },
  { label: 'Baby Boomers', from: 1946 },
  { label: 'Generation X', from: 1965 },
  { label: 'Millennials', from: 1981 },
  { label: 'Generation Z', from: 1997 },
  { label: 'Generation Alpha', from: 2013 },
];

interface Counts {
  destinations: number;
  sent: number;
  delivered: number;
  bounces: number;
  impressionsTotal: number;
  impressionsUnique: number;
  clicksTotal: number;
  clicksUnique: number;
  unsubscribes: number;
  complaints: number;
}

/**
 * A free-form table of destination results by one or two profile dimensions (Adobe's dynamic
 * reports). A click implies an open and an open implies delivery; a bounce is not counted for a
 * destination that was opened or otherwise delivered.
 */
export function pivotByProfile(
  destinations: Iterable<PivotDestination>,
  dimensions: readonly PivotDimension[],
): ProfilePivot {
  if (dimensions.length < 1 || dimensions.length > 2) {
    throw DomainError.validation(`a pivot takes one or two dimensions, got ${dimensions.length}`, [
      { path: 'dimensions', message: 'one or two' },
    ]);
  }
  const names = dimensions.map(dimensionName);
  if (names[0] === names[1]) {
    throw DomainError.validation(`two dimensions are both named "${names[0]}"; give one a name`, [
      { path: 'dimensions.1.name', message: 'duplicate' },
    ]);
  }

  const groups = new Map<string, { values: DimensionValue[]; counts: Counts }>();
  const totals = emptyCounts();
  for (const destination of destinations) {
    const values = dimensions.map((d) => dimensionValue(d, destination.profile[d.field]));
    const key = JSON.stringify(values);
    let group = groups.get(key);
    if (!group) {
      group = { values, counts: emptyCounts() };
      groups.set(key, group);
    }
    add(group.counts, destination);
    add(totals, destination);
  }

  const rows = [...groups.values()]
    .sort((a, b) => {
      for (let i = 0; i < dimensions.length; i++) {
        const order = compareValues(dimensions[i]!, a.values[i]!, b.values[i]!);
        if (order !== 0) return order;
      }
      return 0;
    })
    .map((g) => ({
      dimensions: Object.fromEntries(names.map((name, i) => [name, g.values[i]!])),
      metrics: metricsOf(g.counts),
    }));
  return { dimensions: names, rows, totals: metricsOf(totals) };
}

function dimensionName(d: PivotDimension): string {
  if (d.name) return d.name;
  return d.kind === 'field' ? d.field : d.kind === 'ageRange' ? 'age' : 'generation';
}

function emptyCounts(): Counts {
  return {
    destinations: 0,
    sent: 0,
    delivered: 0,
    bounces: 0,
    impressionsTotal: 0,
    impressionsUnique: 0,
    clicksTotal: 0,
    clicksUnique: 0,
    unsubscribes: 0,
    complaints: 0,
  };
}

function add(c: Counts, d: PivotDestination): void {
  const clicks = d.clicks ?? 0;
  const impressions = d.impressions ?? 0;
  const opened = impressions > 0 || clicks > 0;
  const delivered = d.sent && (d.delivered === true || opened || d.unsubscribed === true || d.complained === true);
  c.destinations++;
  if (d.sent) c.sent++;
  if (delivered) c.delivered++;
  if (d.sent && !delivered && d.bounced) c.bounces++;
  c.impressionsTotal += impressions;
  if (opened) c.impressionsUnique++;
  c.clicksTotal += clicks;
  if (clicks > 0) c.clicksUnique++;
  if (d.unsubscribed) c.unsubscribes++;
  if (d.complained) c.complaints++;
}

function metricsOf(c: Counts): PivotMetrics {
  return {
    ...c,
    rates: {
      delivered: percentage(c.delivered, c.sent),
      bounce: percentage(c.bounces, c.sent),
      open: percentage(c.impressionsUnique, c.delivered),
      click: percentage(c.clicksUnique, c.delivered),
      clickToOpen: percentage(c.clicksUnique, c.impressionsUnique),
      unsubscribe: percentage(c.unsubscribes, c.delivered),
      complaint: percentage(c.complaints, c.delivered),
    },
  };
}

function dimensionValue(d: PivotDimension, raw: ProfileValue): DimensionValue {
  switch (d.kind) {
    case 'field':
      return fieldValue(raw);
    case 'ageRange': {
      const age = ageOn(raw, d.asOf);
      return age === null ? null : labelFor(AGE_BANDS, age);
    }
    case 'generation': {
      const birth = birthDate(raw);
      return birth === null ? null : labelFor(GENERATIONS, birth.year);
    }
  }
}

function fieldValue(raw: ProfileValue): DimensionValue {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'boolean') return raw ? 'yes' : 'no';
  const text = raw.trim();
  return text === '' ? null : text;
}

function labelFor(bands: ReadonlyArray<{ label: string; from: number }>, value: number): string {
  let label = bands[0]!.label;
  for (const band of bands) if (value >= band.from) label = band.label;
  return label;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A birth date from a Date or a 'YYYY-MM-DD…' text; anything else (or an impossible date) is unknown. */
function birthDate(raw: ProfileValue): CalendarDate | null {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return null;
    return { year: raw.getUTCFullYear(), month: raw.getUTCMonth() + 1, day: raw.getUTCDate() };
  }
  if (typeof raw !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Age in full years on a day; null for an unknown birth date, one in the future, or over 130 years ago. */
function ageOn(raw: ProfileValue, asOf: Date): number | null {
  const birth = birthDate(raw);
  if (birth === null) return null;
  const y = asOf.getUTCFullYear();
  const m = asOf.getUTCMonth() + 1;
  const d = asOf.getUTCDate();
  const age = y - birth.year - (m < birth.month || (m === birth.month && d < birth.day) ? 1 : 0);
  return age < 0 || age > 130 ? null : age;
}

/** Bands in their own order, numbers ascending, text alphabetically; unknown last. */
function compareValues(d: PivotDimension, a: DimensionValue, b: DimensionValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (d.kind !== 'field') {
    const bands = d.kind === 'ageRange' ? AGE_BANDS : GENERATIONS;
    return bands.findIndex((x) => x.label === a) - bands.findIndex((x) => x.label === b);
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a.localeCompare(b, 'en');
}
