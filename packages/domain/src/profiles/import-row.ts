import { DomainError, type DomainErrorIssue } from '../domain-error';
import type { DateFormat } from './date-format';
import { BUILT_IN_COLUMNS, type CountryCode, type FieldSpec, type FieldValue } from './field-spec';
import { unstorableTextReason } from './field-value';
import { validateProfileValues, type ProfileData, type ProfilePatch } from './profile-validation';

/** CSV header → field name, `email`, `mobile`, `fax`, or `null` to skip the column. */
export interface ImportColumnMapping {
  columns: Record<string, string | null>;
}

export interface ImportRowOptions {
  defaultCountry?: CountryCode;
  /** `email` or a field name that matches rows to existing profiles. */
  keyField?: string;
  /** How the file writes its dates; without it ISO and day-first dates are read. */
  dateFormat?: DateFormat;
}

export interface ImportKey {
  field: string;
  value: FieldValue;
}

/**
 * One valid CSV line. `patch` holds the non-empty cells (an empty cell leaves a stored value
 * alone); use it when `key` matched a profile. When nothing matched, `create` says whether the
 * line is a complete new profile (required fields present) or why not.
 */
export interface ImportRow {
  ok: true;
  patch: ProfilePatch;
  key: ImportKey | null;
  create: { ok: true; profile: ProfileData } | { ok: false; reason: string };
}

/** A refused line: why, and the first offending column and its cell as the file gives them. */
export interface ImportRowRejection {
  ok: false;
  reason: string;
  column?: string;
  value?: string;
}

export type ImportRowResult = ImportRow | ImportRowRejection;

/**
 * Problems with a mapping that would reject every line: unknown fields, a target filled twice,
 * a header the file lacks, a key that is not mapped. Paths are `mapping.columns.<header>` and `keyField`.
 */
export function validateImportMapping(
  mapping: ImportColumnMapping,
  fields: readonly FieldSpec[],
  options: { headers?: readonly string[]; keyField?: string } = {},
): DomainErrorIssue[] {
  const issues: DomainErrorIssue[] = [];
  const targets = new Set<string>([...BUILT_IN_COLUMNS, ...fields.map((field) => field.name)]);
  const headerByTarget = new Map<string, string>();
  const headers = options.headers === undefined ? undefined : new Set(options.headers);
  for (const [header, target] of Object.entries(mapping.columns)) {
    const path = `mapping.columns.${header}`;
    // The mapping is stored with the import (jsonb), which cannot hold such a header.
    const unstorable = unstorableTextReason(header);
    if (unstorable !== null) {
      issues.push({ path: 'mapping.columns', message: `a column name ${unstorable}` });
      continue;
    }
    if (target === null) continue;
    if (headers !== undefined && !headers.has(header)) {
      issues.push({ path, message: `the file has no column "${header}"` });
    }
    if (!targets.has(target)) {
      issues.push({ path, message: `unknown field ${target}` });
      continue;
    }
    const other = headerByTarget.get(target);
    if (other !== undefined) issues.push({ path, message: `${target} is already filled from column "${other}"` });
    else headerByTarget.set(target, header);
  }
  if (headerByTarget.size === 0 && issues.length === 0) {
    issues.push({ path: 'mapping.columns', message: 'map at least one column' });
  }
  const keyField = options.keyField;
  if (keyField !== undefined) {
    if (keyField === 'mobile' || keyField === 'fax') {
      issues.push({ path: 'keyField', message: 'must be email or a field name' });
    } else if (!targets.has(keyField)) {
      issues.push({ path: 'keyField', message: `unknown field ${keyField}` });
    } else if (!headerByTarget.has(keyField)) {
      issues.push({ path: 'keyField', message: `no column is mapped to ${keyField}` });
    }
  }
  return issues;
}

/** Characters of a rejected cell kept to show: enough to recognise it by. */
export const MAX_REJECTED_VALUE_LENGTH = 1_000;

/** A refused cell as stored with its rejection: what PostgreSQL's text refuses shown as U+FFFD, and no longer than needed. */
function rejectedValue(cell: string | undefined): string {
  const whole = cell ?? '';
  const text = whole.length > MAX_REJECTED_VALUE_LENGTH ? `${whole.slice(0, MAX_REJECTED_VALUE_LENGTH - 1)}…` : whole;
  // eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
  return text.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function describeTarget(target: string, header: string | undefined): string {
  return header === undefined ? target : `column "${header}"`;
}

/**
 * Checks the mapping once (throwing a VALIDATION DomainError if it cannot work, which fails the
 * whole import) and returns a function that maps each CSV line. Rejection reasons name the
 * column as the file spells it.
 */
export function createImportRowMapper(
  headers: readonly string[],
  mapping: ImportColumnMapping,
  fields: readonly FieldSpec[],
  options: ImportRowOptions = {},
): (row: readonly string[]) => ImportRowResult {
  const issues = validateImportMapping(mapping, fields, { headers, keyField: options.keyField });
  if (issues.length > 0) throw DomainError.validation('the import mapping does not fit the file', issues);

  const headerByTarget = new Map<string, string>();
  const cells: Array<{ index: number; target: string }> = [];
  for (const [header, target] of Object.entries(mapping.columns)) {
    if (target === null) continue;
    headerByTarget.set(target, header);
    cells.push({ index: headers.indexOf(header), target });
  }
  const builtIns = new Set<string>(BUILT_IN_COLUMNS);
  const targetOf = (issue: DomainErrorIssue): string =>
    issue.path.startsWith('values.') ? issue.path.slice('values.'.length) : issue.path;
  const rejection = (issues: DomainErrorIssue[], row: readonly string[]): ImportRowRejection => {
    const reason = issues
      .map((issue) => `${describeTarget(targetOf(issue), headerByTarget.get(targetOf(issue)))}: ${issue.message}`)
      .join('; ');
    const first = issues[0];
    const column = first === undefined ? undefined : headerByTarget.get(targetOf(first));
    if (column === undefined) return { ok: false, reason };
    return { ok: false, reason, column, value: rejectedValue(row[headers.indexOf(column)]) };
  };

  return (row) => {
    if (row.length !== headers.length) {
      return { ok: false, reason: `has ${row.length} columns where the header has ${headers.length}` };
    }
    const input: { email?: string; mobile?: string; fax?: string; values: Record<string, string> } = { values: {} };
    for (const { index, target } of cells) {
      const cell = (row[index] ?? '').trim();
      if (cell === '') continue;
      if (builtIns.has(target)) input[target as 'email' | 'mobile' | 'fax'] = cell;
      else input.values[target] = cell;
    }

    const checked = validateProfileValues(fields, input, {
      defaultCountry: options.defaultCountry,
      dateFormat: options.dateFormat,
      partial: true,
    });
    if (!checked.ok) return rejection(checked.issues, row);
    const patch = checked.profile;

    let key: ImportKey | null = null;
    if (options.keyField !== undefined) {
      const value = options.keyField === 'email' ? patch.email : patch.values[options.keyField];
      if (value === undefined || value === null) {
        const column = headerByTarget.get(options.keyField);
        return {
          ok: false,
          reason: `${describeTarget(options.keyField, column)}: is empty, but it is the key`,
          ...(column === undefined ? {} : { column, value: rejectedValue(row[headers.indexOf(column)]) }),
        };
      }
      key = { field: options.keyField, value };
    }

    const complete = validateProfileValues(fields, input, {
      defaultCountry: options.defaultCountry,
      dateFormat: options.dateFormat,
    });
    const create: ImportRow['create'] = complete.ok
      ? { ok: true, profile: complete.profile }
      : {
          ok: false,
          reason: complete.issues
            .map((issue) => {
              const target = issue.path.slice('values.'.length);
              const header = headerByTarget.get(target);
              return header === undefined
                ? `required field ${target} has no column`
                : `column "${header}": required field ${target} is empty`;
            })
            .join('; '),
        };
    return { ok: true, patch, key, create };
  };
}

/** Maps one CSV line; for many lines create the mapper once with `createImportRowMapper`. */
export function mapImportRow(
  headers: readonly string[],
  row: readonly string[],
  mapping: ImportColumnMapping,
  fields: readonly FieldSpec[],
  options: ImportRowOptions = {},
): ImportRowResult {
  return createImportRowMapper(headers, mapping, fields, options)(row);
}
