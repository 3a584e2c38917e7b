import { z } from 'zod';
import { Timestamp } from './common.schema';
import { FieldName } from './databases.schema';

/** What a dynamic report's cell can show: counts of destinations (people, not events) and two rates. */
export const PIVOT_METRICS = [
  'destinations',
  'sent',
  'delivered',
  'impressions',
  'clicks',
  'unsubscribes',
  'complaints',
  'errors',
  'ctr',
  'clickToOpen',
] as const;
export const PivotMetric = z.enum(PIVOT_METRICS);
export type PivotMetric = z.infer<typeof PivotMetric>;

/**
 * What a report splits by: a profile field's value, the age band of a date field (a birth date), the
 * mailing, or the day a message was sent (in the account's time zone).
 */
export const PivotDimension = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: FieldName }),
  z.object({ kind: z.literal('ageBand'), field: FieldName }),
  z.object({ kind: z.literal('mailing') }),
  z.object({ kind: z.literal('day') }),
]);
export type PivotDimension = z.infer<typeof PivotDimension>;

const PivotFilter = z.object({
  dimension: PivotDimension,
  /** Keep destinations whose value is one of these; null keeps those without a value. */
  values: z.array(z.string().max(500).nullable()).min(1).max(200),
});

/** Which results: one mailing's, or those of the mailings started in a period (at most a year). */
export const PivotScope = z.union([
  z.object({ mailingId: z.number().int().positive().max(2_147_483_647) }).strict(),
  z
    .object({ from: Timestamp, to: Timestamp })
    .strict()
    .refine((p) => Date.parse(p.from) < Date.parse(p.to), { message: '`from` must be before `to`', path: ['to'] })
    .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * 86_400_000, {
      message: 'a period of at most 366 days',
      path: ['to'],
    }),
]);
export type PivotScope = z.infer<typeof PivotScope>;

/** A report's layout: dimensions on rows and columns, the metrics in the cells, and filters. */
export const PivotDefinition = z
  .object({
    rows: z.array(PivotDimension).max(3).default([]),
    columns: z.array(PivotDimension).max(2).default([]),
    metrics: z.array(PivotMetric).min(1).max(PIVOT_METRICS.length),
    filters: z.array(PivotFilter).max(10).default([]),
  })
  .strict();
export type PivotDefinition = z.infer<typeof PivotDefinition>;

export const PivotRequest = PivotDefinition.extend({ scope: PivotScope }).strict();
export type PivotRequest = z.infer<typeof PivotRequest>;

// Only the metrics the request asked for.
const MetricValues = z.partialRecord(PivotMetric, z.number().nullable());

const PivotCellValues = z.object({ key: z.array(z.string().nullable()), values: MetricValues });

export const PivotResponse = z.object({
  /** The dimensions of each cell's key: the rows', then the columns'. */
  dimensions: z.array(
    z.object({
      dimension: PivotDimension,
      label: z.string(),
      /** What a key value stands for where it is an id (a mailing's name); the value itself elsewhere. */
      valueLabels: z.record(z.string(), z.string()),
    }),
  ),
  metrics: z.array(PivotMetric),
  cells: z.array(PivotCellValues),
  totals: MetricValues,
  /** With column dimensions: each row's totals over its columns (keyed by the row's values), and each column's over the rows. */
  rowTotals: z.array(PivotCellValues),
  columnTotals: z.array(PivotCellValues),
  /** Mailings the figures come from. */
  mailingIds: z.array(z.number().int()),
});
export type PivotResponse = z.infer<typeof PivotResponse>;

export const SaveDynamicReportRequest = z
  .object({
    name: z.string().trim().min(1).max(120),
    definition: PivotDefinition,
    /** Shown to every user of the account, not only its author. */
    shared: z.boolean().default(false),
  })
  .strict();
export type SaveDynamicReportRequest = z.infer<typeof SaveDynamicReportRequest>;

export const DynamicReportResponse = z.object({
  /** A saved report's id; null for a ready-made one, which `templateKey` names. */
  id: z.number().int().nullable(),
  templateKey: z.string().nullable(),
  name: z.string(),
  definition: PivotDefinition,
  shared: z.boolean(),
  /** A ready-made report: copied with "save as", never changed. */
  template: z.boolean(),
  ownedByMe: z.boolean(),
  createdAt: Timestamp.nullable(),
  updatedAt: Timestamp.nullable(),
});
export type DynamicReportResponse = z.infer<typeof DynamicReportResponse>;

/**
 * The ready-made reports: copied with "save as" (then changed like any other), never changed
 * themselves, so they are not rows and have a key instead of an id.
 */
export const DYNAMIC_REPORT_TEMPLATES: ReadonlyArray<{ key: string; name: string; definition: PivotDefinition }> = [
  {
    key: 'by-gender',
    name: 'By gender',
    definition: {
      rows: [{ kind: 'field', field: 'gender' }],
      columns: [],
      metrics: ['sent', 'delivered', 'impressions', 'clicks', 'ctr'],
      filters: [],
    },
  },
  {
    key: 'by-city',
    name: 'By city',
    definition: {
      rows: [{ kind: 'field', field: 'city' }],
      columns: [],
      metrics: ['sent', 'delivered', 'impressions', 'clicks', 'unsubscribes', 'ctr'],
      filters: [],
    },
  },
  {
    key: 'by-age-band',
    name: 'By age band',
    definition: {
      rows: [{ kind: 'ageBand', field: 'birthdate' }],
      columns: [],
      metrics: ['sent', 'impressions', 'clicks', 'ctr', 'clickToOpen'],
      filters: [],
    },
  },
];
