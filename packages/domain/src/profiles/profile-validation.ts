import type { DomainErrorIssue } from '../domain-error';
import type { DateFormat } from './date-format';
import type { CountryCode, FieldSpec, FieldValue, ProfileValues } from './field-spec';
import { isEmptyValue, normaliseEmail, normaliseFieldValue, normalisePhone, type Normalised } from './field-value';

/** What a client sends for a profile: built-in columns and custom values by field name. */
export interface ProfileInput {
  email?: unknown;
  mobile?: unknown;
  fax?: unknown;
  values?: unknown;
}

/** A complete, valid profile as stored on create. Values hold only fields that have one. */
export interface ProfileData {
  email: string | null;
  mobile: string | null;
  fax: string | null;
  values: ProfileValues;
}

/**
 * A valid change: only what was given. `null` clears a column or removes a value; a missing
 * key leaves it as it is.
 */
export interface ProfilePatch {
  email?: string | null;
  mobile?: string | null;
  fax?: string | null;
  values: Record<string, FieldValue | null>;
}

export type ProfileValidation<T> = { ok: true; profile: T } | { ok: false; issues: DomainErrorIssue[] };

export interface ValidateProfileOptions {
  /** Country in which national phone numbers (06 12345678) are read. */
  defaultCountry?: CountryCode;
  /** An update: required fields are only checked when given (and then may not be cleared). */
  partial?: boolean;
  /** How text dates are written (an import's choice); without it ISO and day-first dates are read. */
  dateFormat?: DateFormat;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Checks a profile against its database's fields and normalises it for storage: numbers from
 * "12,5", dates to `YYYY-MM-DD`, booleans from yes/no/ja/nee/1/0, email domains lowercased,
 * phone numbers (custom fields, `mobile`, `fax`) to E.164. Every problem is reported, each with
 * its path (`email`, `values.birthdate`), so a form can show them all at once.
 * Uniqueness needs the database and is left to the caller.
 */
export function validateProfileValues(
  fields: readonly FieldSpec[],
  input: ProfileInput,
  options: ValidateProfileOptions & { partial: true },
): ProfileValidation<ProfilePatch>;
export function validateProfileValues(
  fields: readonly FieldSpec[],
  input: ProfileInput,
  options?: ValidateProfileOptions & { partial?: false },
): ProfileValidation<ProfileData>;
export function validateProfileValues(
  fields: readonly FieldSpec[],
  input: ProfileInput,
  options: ValidateProfileOptions = {},
): ProfileValidation<ProfileData | ProfilePatch> {
  const partial = options.partial === true;
  const issues: DomainErrorIssue[] = [];
  const patch: ProfilePatch = { values: {} };

  const builtIns: Array<['email' | 'mobile' | 'fax', (raw: unknown) => Normalised<string>]> = [
    ['email', (raw) => normaliseEmail(raw)],
    ['mobile', (raw) => normalisePhone(raw, options.defaultCountry)],
    ['fax', (raw) => normalisePhone(raw, options.defaultCountry)],
  ];
  for (const [column, normalise] of builtIns) {
    const raw = input[column];
    if (raw === undefined) {
      if (!partial) patch[column] = null;
      continue;
    }
    if (isEmptyValue(raw)) {
      patch[column] = null;
      continue;
    }
    const result = normalise(raw);
    if (result.ok) patch[column] = result.value;
    else issues.push({ path: column, message: result.message });
  }

  let values: Record<string, unknown> = {};
  if (isPlainObject(input.values)) values = input.values;
  else if (input.values !== undefined && input.values !== null) {
    issues.push({ path: 'values', message: 'must be an object of values by field name' });
  }

  const fieldsByName = new Map(fields.map((field) => [field.name, field]));
  for (const name of Object.keys(values)) {
    if (!fieldsByName.has(name)) issues.push({ path: `values.${name}`, message: `unknown field ${name}` });
  }

  for (const field of fields) {
    const path = `values.${field.name}`;
    const given = Object.prototype.hasOwnProperty.call(values, field.name);
    const raw = given ? values[field.name] : undefined;
    if (isEmptyValue(raw)) {
      if (field.required && (given || !partial)) issues.push({ path, message: 'is required' });
      else if (given && partial) patch.values[field.name] = null;
      continue;
    }
    const result = normaliseFieldValue(field, raw, options.defaultCountry, options.dateFormat);
    if (result.ok) patch.values[field.name] = result.value;
    else issues.push({ path, message: result.message });
  }

  if (issues.length > 0) return { ok: false, issues };
  if (partial) return { ok: true, profile: patch };
  const stored: ProfileValues = {};
  for (const [name, value] of Object.entries(patch.values)) if (value !== null) stored[name] = value;
  return {
    ok: true,
    profile: { email: patch.email ?? null, mobile: patch.mobile ?? null, fax: patch.fax ?? null, values: stored },
  };
}

/** The custom values of a subprofile (it has no built-in columns), checked like a profile's. */
export function validateSubprofileValues(
  fields: readonly FieldSpec[],
  values: unknown,
  options: Omit<ValidateProfileOptions, 'partial'> = {},
): ProfileValidation<ProfileValues> {
  const result = validateProfileValues(fields, { values }, { ...options, partial: false });
  return result.ok ? { ok: true, profile: result.profile.values } : result;
}

/**
 * What a patch really changes in a stored profile, or `null` when nothing: lets an import count
 * unchanged rows and lets the history log only real changes.
 */
export function profileChanges(current: ProfileData, patch: ProfilePatch): ProfilePatch | null {
  const changes: ProfilePatch = { values: {} };
  let changed = false;
  for (const column of ['email', 'mobile', 'fax'] as const) {
    const next = patch[column];
    if (next !== undefined && next !== current[column]) {
      changes[column] = next;
      changed = true;
    }
  }
  for (const [name, next] of Object.entries(patch.values)) {
    const before = Object.prototype.hasOwnProperty.call(current.values, name) ? current.values[name] : null;
    if (next !== before) {
      changes.values[name] = next;
      changed = true;
    }
  }
  return changed ? changes : null;
}

/** A stored profile with a patch applied; removed values disappear from `values`. */
export function applyProfilePatch(current: ProfileData, patch: ProfilePatch): ProfileData {
  const values: ProfileValues = { ...current.values };
  for (const [name, value] of Object.entries(patch.values)) {
    if (value === null) delete values[name];
    else values[name] = value;
  }
  return {
    email: patch.email === undefined ? current.email : patch.email,
    mobile: patch.mobile === undefined ? current.mobile : patch.mobile,
    fax: patch.fax === undefined ? current.fax : patch.fax,
    values,
  };
}
