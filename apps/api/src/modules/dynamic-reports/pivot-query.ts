import { Prisma } from '@herald/db';
import type { PivotDimension } from '@herald/contracts';
import { AGE_BAND_BOUNDS, type PivotGroup } from '@herald/statistics';

/** More rows than this from one query means the dimensions have too many values to show. */
export const MAX_GROUP_ROWS = 100_000;

export interface PivotQuery {
  accountId: number;
  mailingIds: number[];
  dimensions: PivotDimension[];
  filters: Array<{ dimension: PivotDimension; values: Array<string | null> }>;
  /** The day ages are counted on (`YYYY-MM-DD`). */
  today: string;
  timeZone: string;
}

/** A profile field's value as text (numbers and booleans as JSON writes them). */
function fieldValue(field: string): Prisma.Sql {
  return Prisma.sql`(p."values" ->> ${field})`;
}

/**
 * Whole years from a `YYYY-MM-DD` value to `today`, by arithmetic on its digits so that no stored
 * text can make the cast fail; anything else, or a date after today, is no age.
 */
function ageOf(field: string, today: string): Prisma.Sql {
  const v = fieldValue(field);
  const years = Prisma.sql`(substr(${today}::text, 1, 4)::int - substr(${v}, 1, 4)::int
    - CASE WHEN substr(${today}::text, 6, 5) < substr(${v}, 6, 5) THEN 1 ELSE 0 END)`;
  return Prisma.sql`CASE WHEN ${v} ~ '^\\d{4}-\\d{2}-\\d{2}$' AND ${years} >= 0 THEN ${years} END`;
}

/** A dimension read from the profile: computed in the profile subquery, so the join carries text, not documents. */
type ProfileDimension = Extract<PivotDimension, { kind: 'field' | 'ageBand' }>;
const usesProfile = (d: PivotDimension): d is ProfileDimension => d.kind === 'field' || d.kind === 'ageBand';

function profileDimensionSql(dimension: ProfileDimension, q: PivotQuery): Prisma.Sql {
  return dimension.kind === 'field'
    ? fieldValue(dimension.field)
    : // The bucket's number; packages/statistics names it (ageBandLabel), so the bands live there.
      Prisma.sql`width_bucket(${ageOf(dimension.field, q.today)}, ${[...AGE_BAND_BOUNDS]}::int[])::text`;
}

/** Each dimension as SQL text over the destination `d` and the profile subquery `p` (its columns `p0`, `p1`...). */
function dimensionSql(
  dimension: PivotDimension,
  q: PivotQuery,
  profileColumn: (d: PivotDimension) => string,
): Prisma.Sql {
  switch (dimension.kind) {
    case 'field':
    case 'ageBand':
      return Prisma.raw(`p.${profileColumn(dimension)}`);
    case 'mailing':
      return Prisma.sql`d."mailingId"::text`;
    case 'day':
      return Prisma.sql`to_char((d."sentAt" AT TIME ZONE 'UTC') AT TIME ZONE ${q.timeZone}, 'YYYY-MM-DD')`;
  }
}

function filterSql(expression: Prisma.Sql, values: ReadonlyArray<string | null>): Prisma.Sql {
  const given = values.filter((v): v is string => v !== null);
  return given.length < values.length
    ? Prisma.sql`(${expression} = ANY(${given}::text[]) OR ${expression} IS NULL)`
    : Prisma.sql`${expression} = ANY(${given}::text[])`;
}

/**
 * Destinations counted by their dimension values and the fold state they share (a few dozen states
 * at most), so SQL only groups and counts: what each state counts for is packages/statistics' rule.
 */
export function pivotGroupsSql(q: PivotQuery): Prisma.Sql {
  const columns = new Map<string, { name: string; sql: Prisma.Sql }>();
  for (const d of [...q.dimensions, ...q.filters.map((f) => f.dimension)].filter(usesProfile)) {
    const id = JSON.stringify(d);
    if (!columns.has(id)) columns.set(id, { name: `p${columns.size}`, sql: profileDimensionSql(d, q) });
  }
  const profileColumn = (d: PivotDimension): string => columns.get(JSON.stringify(d))!.name;
  const keys = q.dimensions.map((d, i) => Prisma.sql`${dimensionSql(d, q, profileColumn)} AS ${Prisma.raw(`k${i}`)}`);
  const profiles = columns.size
    ? Prisma.sql`LEFT JOIN (SELECT p.id, ${Prisma.join(
        [...columns.values()].map((c) => Prisma.sql`${c.sql} AS ${Prisma.raw(c.name)}`),
        ', ',
      )} FROM "Profile" p WHERE p."accountId" = ${q.accountId}) p ON p.id = d."profileId"`
    : Prisma.empty;
  const where = [
    Prisma.sql`d."mailingId" = ANY(${q.mailingIds}::int[])`,
    Prisma.sql`d."accountId" = ${q.accountId}`,
    ...q.filters.map((f) => filterSql(dimensionSql(f.dimension, q, profileColumn), f.values)),
  ];
  const stateColumns = Prisma.sql`d.status::text AS status, d."dominantResult"::text AS "dominantResult",
    d."openedAt" IS NOT NULL AS opened, d."clickedAt" IS NOT NULL AS clicked,
    d."unsubscribedAt" IS NOT NULL AS unsubscribed, d."complainedAt" IS NOT NULL AS complained,
    d."lastErrorKind"::text AS "lastErrorKind"`;
  const groupBy = Array.from({ length: q.dimensions.length + 7 }, (_, i) => i + 1).join(', ');
  return Prisma.sql`
    SELECT ${Prisma.join([...keys, stateColumns], ', ')}, count(*)::int AS count
    FROM "Destination" d ${profiles}
    WHERE ${Prisma.join(where, ' AND ')}
    GROUP BY ${Prisma.raw(groupBy)}
    LIMIT ${MAX_GROUP_ROWS + 1}`;
}

export type PivotGroupRow = Omit<PivotGroup, 'key'> & Record<`k${number}`, string | null>;

export function groupOf(row: PivotGroupRow, dimensions: number): PivotGroup {
  return {
    key: Array.from({ length: dimensions }, (_, i) => row[`k${i}`] ?? null),
    status: row.status,
    dominantResult: row.dominantResult,
    opened: row.opened,
    clicked: row.clicked,
    unsubscribed: row.unsubscribed,
    complained: row.complained,
    lastErrorKind: row.lastErrorKind,
    count: row.count,
  };
}
