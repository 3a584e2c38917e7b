import type { Normalised } from './field-value';

/**
 * How the dates of an import are written. Day-first `dd-mm-yyyy` (two-digit day and month, as
 * Dutch Excel writes them) and `d-m-yyyy` (one or two digits) read the same way; `mm/dd/yyyy`
 * is month first, as American Excel writes it. Any of `-`, `/` and `.` separates the parts, and
 * an ISO date (year first, never ambiguous) is read whatever the format.
 */
export const DATE_FORMATS = ['yyyy-mm-dd', 'dd-mm-yyyy', 'd-m-yyyy', 'mm/dd/yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TWO_DIGIT_PARTS = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/;
const SHORT_PARTS = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/** `YYYY-MM-DD` of a real calendar day, or null (31-02-2024 is not one). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const EXAMPLES: Record<DateFormat, string> = {
  'yyyy-mm-dd': '2024-12-31',
  'dd-mm-yyyy': '31-12-2024',
  'd-m-yyyy': '31-12-2024 or 1-2-2024',
  'mm/dd/yyyy': '12/31/2024',
};

/** What a rejected cell should have looked like. */
export function dateFormatMessage(format: DateFormat): string {
  return `must be a date written ${format} (${EXAMPLES[format]})`;
}

function fromParts(text: string, format: DateFormat): string | null {
  const iso = ISO_DATE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (format === 'yyyy-mm-dd') return null;
  const parts = (format === 'dd-mm-yyyy' ? TWO_DIGIT_PARTS : SHORT_PARTS).exec(text);
  if (!parts) return null;
  const [first, second, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return format === 'mm/dd/yyyy' ? isoDate(year, first, second) : isoDate(year, second, first);
}

/** A cell read in the given format, as `YYYY-MM-DD`. */
export function parseDateAs(raw: string, format: DateFormat): Normalised<string> {
  const date = fromParts(raw.trim(), format);
  return date === null ? { ok: false, message: dateFormatMessage(format) } : { ok: true, value: date };
}

/**
 * The format the sample cells are written in, or null when none reads any of them (or there are
 * none). The format that reads the most samples wins, so a wrong date in the sample (31-02-2024)
 * does not hide the format of the others; on a tie the first in DATE_FORMATS wins (ISO dates are
 * read by every format, two-digit day-first dates by both day-first ones). When day-first and
 * month-first read every sample alike (01/02/2024), the separator decides: `/` is read month-first
 * as American Excel writes it, `-` and `.` day-first. When they read different samples equally
 * well the file does not say, and neither is proposed. The user can override.
 */
export function detectDateFormat(samples: readonly string[]): DateFormat | null {
  const cells = samples.map((sample) => sample.trim()).filter((sample) => sample !== '');
  const score = (format: DateFormat) => cells.filter((cell) => fromParts(cell, format) !== null).length;
  const scores = DATE_FORMATS.map((format) => ({ format, score: score(format) }));
  const best = Math.max(0, ...scores.map((entry) => entry.score));
  if (best === 0) return null;
  const top = scores.filter((entry) => entry.score === best).map((entry) => entry.format);
  // Only ISO dates read in every format: those that read best are all ISO.
  if (top.includes('yyyy-mm-dd')) return 'yyyy-mm-dd';
  const dayFirst = top.find((format) => format === 'dd-mm-yyyy' || format === 'd-m-yyyy');
  if (dayFirst !== undefined && top.includes('mm/dd/yyyy')) {
    if (best < cells.length) return null;
    const slashes = cells.some((cell) => !ISO_DATE.test(cell) && cell.includes('/'));
    return slashes ? 'mm/dd/yyyy' : dayFirst;
  }
  return top[0] ?? null;
}
