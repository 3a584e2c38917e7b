import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isoDate, parseDateAs, type DateFormat } from './date-format';
import type { CountryCode, FieldSpec, FieldType, FieldValue } from './field-spec';

export type Normalised<T> = { ok: true; value: T } | { ok: false; message: string };

export const MAX_TEXT_LENGTH = 10_000;

const ok = <T>(value: T): Normalised<T> => ({ ok: true, value });
const fail = (message: string): Normalised<never> => ({ ok: false, message });

/** `null`, `undefined` and blank strings all mean "no value" (an empty CSV cell, a cleared input). */
export function isEmptyValue(raw: unknown): raw is null | undefined | '' {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

const PLAIN_NUMBER = /^[+-]?(\d+|\d*[.,]\d+)$/;
const DUTCH_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const ENGLISH_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * A number from JSON or from a CSV cell: "12.5" and "12,5" are both 12.5 (a lone separator is
 * the decimal one, as Dutch spreadsheets write it); "1.234,5" and "1,234.5" have thousands.
 */
export function parseNumber(raw: unknown): Normalised<number> {
  const message = 'must be a number';
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : fail(message);
  if (typeof raw !== 'string') return fail(message);
  const text = raw.trim();
  let canonical: string;
  if (PLAIN_NUMBER.test(text)) canonical = text.replace(',', '.');
  else if (DUTCH_THOUSANDS.test(text)) canonical = text.replace(/\./g, '').replace(',', '.');
  else if (ENGLISH_THOUSANDS.test(text)) canonical = text.replace(/,/g, '');
  else return fail(message);
  const value = Number(canonical);
  return Number.isFinite(value) ? ok(value) : fail(message);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_FIRST_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/**
 * A calendar date as ISO `YYYY-MM-DD`. Besides ISO (a time part is dropped, the date as written
 * is kept) it reads day-first dates (31-12-2024, 31/12/2024, 31.12.2024), as Dutch exports write them.
 */
export function parseDate(raw: unknown): Normalised<string> {
  const message = 'must be a date (YYYY-MM-DD)';
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? fail(message) : ok(raw.toISOString().slice(0, 10));
  }
  if (typeof raw !== 'string') return fail(message);
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  const dayFirst = iso ? null : DAY_FIRST_DATE.exec(text);
  const date = iso
    ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
    : dayFirst
      ? isoDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]))
      : null;
  return date === null ? fail(message) : ok(date);
}

const BOOLEAN_WORDS = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['ja', true],
  ['nee', false],
  ['1', true],
  ['0', false],
]);

export function parseBoolean(raw: unknown): Normalised<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 1 || raw === 0) return ok(raw === 1);
  const value = typeof raw === 'string' ? BOOLEAN_WORDS.get(raw.trim().toLowerCase()) : undefined;
  return value === undefined ? fail('must be yes or no (true/false, yes/no, ja/nee, 1/0)') : ok(value);
}

// Dot-atom local part (RFC 5322, no quoted strings: no mail server of ours needs them) and a
// domain of letter/digit labels with a top-level name of letters or punycode.
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;

/** An email address, trimmed, with its domain lowercased (the local part is the receiver's business). */
export function normaliseEmail(raw: unknown): Normalised<string> {
  const message = 'must be an email address';
  if (typeof raw !== 'string') return fail(message);
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  if (at <= 0 || text.length > 254) return fail(message);
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  const topLevel = labels[labels.length - 1] ?? '';
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return fail(message);
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(topLevel)) {
    return fail(message);
  }
  return ok(`${local}@${domain}`);
}

/** A phone number in E.164 (`+31612345678`); national numbers are read in `defaultCountry`. */
export function normalisePhone(raw: unknown, defaultCountry?: CountryCode): Normalised<string> {
  const message = defaultCountry
    ? 'must be a phone number'
    : 'must be a phone number in international format (+31 6 12345678)';
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(message);
  const text = String(raw).trim();
  if (!/^[+0-9][0-9 ()./-]*$/.test(text)) return fail(message);
  const phone = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry } : undefined);
  return phone?.isValid() ? ok(phone.number) : fail(message);
}

// PostgreSQL's text and jsonb refuse U+0000, and jsonb a lone UTF-16 surrogate (JSON.stringify writes it as `\udXXX`).
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this text, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  const found = UNSTORABLE_TEXT.exec(text);
  if (!found) return null;
  return found[0] === '\u0000'
    ? `must not contain a NUL character (U+0000, at character ${found.index + 1})`
    : `must not contain a lone surrogate (invalid UTF-16, at character ${found.index + 1})`;
}

function normaliseText(raw: unknown): Normalised<string> {
  if (typeof raw !== 'string') return fail('must be text');
  const text = raw.trim();
  if (text.length > MAX_TEXT_LENGTH) return fail(`must be at most ${MAX_TEXT_LENGTH} characters`);
  const unstorable = unstorableTextReason(text);
  return unstorable === null ? ok(text) : fail(unstorable);
}

/** One of the field's choices; a different case is accepted and stored as the choice is spelt. */
function normaliseChoice(raw: unknown, choices: readonly string[]): Normalised<string> {
  const message = `must be one of: ${choices.join(', ')}`;
  if (typeof raw !== 'string') return fail(message);
  const text = raw.trim();
  if (choices.includes(text)) return ok(text);
  const matches = choices.filter((choice) => choice.toLowerCase() === text.toLowerCase());
  return matches.length === 1 && matches[0] !== undefined ? ok(matches[0]) : fail(message);
}

/**
 * Checks and normalises one non-empty value for a field of the given type. A `dateFormat` (an
 * import's) reads text dates in that format only; without it ISO and day-first dates are read.
 */
export function normaliseFieldValue(
  field: Pick<FieldSpec, 'type' | 'choices'>,
  raw: unknown,
  defaultCountry?: CountryCode,
  dateFormat?: DateFormat,
): Normalised<FieldValue> {
  const type: FieldType = field.type;
  switch (type) {
    case 'TEXT':
      return normaliseText(raw);
    case 'NUMBER':
      return parseNumber(raw);
    case 'DATE':
      return dateFormat !== undefined && typeof raw === 'string' ? parseDateAs(raw, dateFormat) : parseDate(raw);
    case 'BOOLEAN':
      return parseBoolean(raw);
    case 'EMAIL':
      return normaliseEmail(raw);
    case 'PHONE':
      return normalisePhone(raw, defaultCountry);
    case 'CHOICE':
      return normaliseChoice(raw, field.choices);
    default: {
      const unknownType: never = type;
      return fail(`has an unknown type ${String(unknownType)}`);
    }
  }
}
