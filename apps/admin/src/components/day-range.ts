const DAY = 86_400_000;

/**
 * The whole days from `from` to `to` (YYYY-MM-DD, as a date input gives them) as the instants the audience statistics
 * take: [the first day's 00:00 UTC, the day after the last one's 00:00 UTC). The API counts per UTC day, so the
 * boundaries are UTC midnights: local midnight east of Greenwich falls on the UTC day before, and the chart began a day
 * before "From" (and west of it, ended a day after "To").
 */
export function utcDayRange(from: string, to: string): { from: string; to: string } {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`) + DAY;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}
