import type { CountryCode } from 'libphonenumber-js';

export const FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'EMAIL', 'PHONE', 'CHOICE'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What the domain needs to know of a custom field (a `Field` row without ids). */
export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  unique: boolean;
  choices: readonly string[];
}

/** A stored value: NUMBER as number, BOOLEAN as boolean, DATE as `YYYY-MM-DD`, the rest as strings. */
export type FieldValue = string | number | boolean;
export type ProfileValues = Record<string, FieldValue>;

/** The built-in columns of a profile, beside its custom field values. */
export const BUILT_IN_COLUMNS = ['email', 'mobile', 'fax'] as const;
export type BuiltInColumn = (typeof BUILT_IN_COLUMNS)[number];

export type { CountryCode };

/** Field names are identifiers; that is what lets the selection compiler put them in SQL text. */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
