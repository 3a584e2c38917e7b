import { CONDITION_OPERATORS_BY_TYPE } from '@herald/contracts';
import { DomainError, type DomainErrorIssue } from '../domain-error';
import { type CountryCode, FIELD_NAME_PATTERN, type FieldSpec, type FieldType } from '../profiles/field-spec';
import {
  normaliseEmail,
  normaliseFieldValue,
  normalisePhone,
  parseDate,
  type Normalised,
  unstorableTextReason,
} from '../profiles/field-value';
import {
  CONDITION_OPERATORS,
  type ConditionOperator,
  RESULT_KINDS,
  type ResultKind,
  SELECTION_LIMITS,
  type SelectionGroup,
} from './selection-tree';

export interface CompileSelectionOptions {
  /** The table the caller selects from: profiles of a database or subprofiles of a collection. */
  table: 'Profile' | 'Subprofile';
  /** The caller's alias of that table (`p` in `FROM "Profile" p`); a lowercase identifier. */
  alias: string;
  /**
   * How many `$n` placeholders the caller's query uses before the fragment: the fragment's
   * parameters are numbered from `$(paramOffset + 1)` and are appended after the caller's own.
   */
  paramOffset?: number;
  /** Country in which national phone numbers in conditions are read. */
  defaultCountry?: CountryCode;
}

export interface CompiledSelection {
  /** A boolean SQL expression, to be put in parentheses after the caller's own WHERE terms. */
  sql: string;
  params: string[];
}

type ColumnType = FieldType | 'TIMESTAMP';

interface Column {
  type: ColumnType;
  /** SQL of the value as text (NULL when absent). */
  text: string;
  /** SQL of the value in its own type (numeric, date, boolean, timestamp), NULL when absent or malformed. */
  typed: string;
  /** For CHOICE fields. */
  choices: readonly string[];
}

/** Which operators fit which column: the table the API's clients read too, defined once in @herald/contracts. */
const OPERATORS_BY_TYPE: Record<ColumnType, readonly ConditionOperator[]> = CONDITION_OPERATORS_BY_TYPE;

/** Text comparisons on these are case-insensitive: "utrecht" finds "Utrecht". */
const CASE_INSENSITIVE: ReadonlySet<ColumnType> = new Set(['TEXT', 'EMAIL']);

const SQL_CAST: Record<ColumnType, string> = {
  TEXT: 'text',
  EMAIL: 'text',
  PHONE: 'text',
  CHOICE: 'text',
  NUMBER: 'numeric',
  DATE: 'date',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
};

const ALIAS_PATTERN = /^[a-z_][a-z0-9_]{0,30}$/;
/** Survey question ids, as the survey contract allows them. */
const SURVEY_ITEM_ID = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_INT4 = 2_147_483_647;
const DATE_TEXT_PATTERN = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/** Escapes LIKE wildcards so that a user's `%` or `_` matches itself (backslash is PostgreSQL's default escape). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, as the `timestamp(3)` columns store it. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A moment for `createdAt`: a whole UTC day for a date, the instant itself for a date-time. */
function parseMoment(raw: unknown): Normalised<{ start: Date; end: Date; wholeDay: boolean }> {
  const message = 'must be a date (YYYY-MM-DD) or a date-time with a zone (2024-05-01T09:00:00Z)';
  if (typeof raw === 'string' && ISO_DATE_TIME.test(raw.trim())) {
    const instant = new Date(raw.trim());
    if (!Number.isNaN(instant.getTime())) return { ok: true, value: { start: instant, end: instant, wholeDay: false } };
  }
  const date = parseDate(raw);
  if (!date.ok || (typeof raw === 'string' && raw.includes('T'))) return { ok: false, message };
  const start = new Date(`${date.value}T00:00:00Z`);
  return { ok: true, value: { start, end: new Date(start.getTime() + 86_400_000), wholeDay: true } };
}

/**
 * Compiles a selection's condition tree to a parameterised SQL condition for PostgreSQL.
 *
 * The caller owns the query and the scoping to one account and database, for example:
 *
 *   const { sql, params } = compileSelection(tree, fields, { table: 'Profile', alias: 'p', paramOffset: 1 });
 *   SELECT count(*) FROM "Profile" p
 *    WHERE p."databaseId" = $1 AND p."deletedAt" IS NULL AND (${sql})      -- params: [databaseId, ...params]
 *
 * and for a page of the preview, `LIMIT $${params.length + 2} OFFSET $${params.length + 3}`.
 * For subprofiles: `FROM "Subprofile" s WHERE s."collectionId" = $1 AND s."deletedAt" IS NULL AND (...)`.
 *
 * Safety: every value travels as a parameter (strings, with an explicit cast in the SQL), so
 * a value can never change the statement. Field names do appear in the SQL text, as JSON keys
 * (`p."values"->>'city'`, which lets an expression index be used), but only names of the given
 * fields that are also identifiers (`[A-Za-z_][A-Za-z0-9_]*`), so they can hold no quote.
 *
 * Semantics: text equals/in/contains/startsWith are case-insensitive on TEXT and EMAIL fields;
 * notEquals also matches profiles without a value; range bounds are inclusive (a date-only upper
 * bound on `createdAt` includes that whole day); a malformed stored value counts as empty. Result
 * conditions match through "Destination" and "Event": opened = an impression or a click (a click
 * implies an open), received = handed to the provider, delivered = received and not only errors.
 * Survey conditions match the profile's answers (a subprofile's through its profile), values exactly.
 *
 * Throws a VALIDATION DomainError listing every bad condition by path (`conditions.2.value`).
 */
export function compileSelection(
  tree: SelectionGroup,
  fields: readonly FieldSpec[],
  options: CompileSelectionOptions,
): CompiledSelection {
  if (!ALIAS_PATTERN.test(options.alias)) {
    throw DomainError.validation(`alias ${JSON.stringify(options.alias)} must be a lowercase identifier`);
  }
  const paramOffset = options.paramOffset ?? 0;
  if (!Number.isInteger(paramOffset) || paramOffset < 0) {
    throw DomainError.validation('paramOffset must be a whole number of at least 0');
  }
  return new SelectionCompiler(fields, options, paramOffset).compile(tree);
}

class SelectionCompiler {
  private readonly params: string[] = [];
  private readonly issues: DomainErrorIssue[] = [];
  private readonly columns = new Map<string, Column>();
  private readonly alias: string;
  private conditionCount = 0;
  private subqueryCount = 0;

  constructor(
    fields: readonly FieldSpec[],
    private readonly options: CompileSelectionOptions,
    private readonly paramOffset: number,
  ) {
    const a = options.alias;
    this.alias = a;
    if (options.table === 'Profile') {
      this.columns.set('email', { type: 'EMAIL', text: `${a}."email"`, typed: `${a}."email"`, choices: [] });
      this.columns.set('mobile', { type: 'PHONE', text: `${a}."mobile"`, typed: `${a}."mobile"`, choices: [] });
      this.columns.set('fax', { type: 'PHONE', text: `${a}."fax"`, typed: `${a}."fax"`, choices: [] });
    }
    this.columns.set('createdAt', {
      type: 'TIMESTAMP',
      text: `${a}."createdAt"`,
      typed: `${a}."createdAt"`,
      choices: [],
    });
    for (const field of fields) {
      // Only identifiers reach the SQL text; anything else is simply not selectable.
      if (!FIELD_NAME_PATTERN.test(field.name) || this.columns.has(field.name)) continue;
      this.columns.set(field.name, this.customColumn(field));
    }
  }

  compile(tree: SelectionGroup): CompiledSelection {
    const sql = this.node(tree, '', 1);
    if (this.issues.length > 0 || sql === null) {
      throw DomainError.validation('the selection has invalid conditions', this.issues);
    }
    return { sql, params: this.params };
  }

  private customColumn(field: FieldSpec): Column {
    const json = `${this.alias}."values"->'${field.name}'`;
    const text = `(${this.alias}."values"->>'${field.name}')`;
    // Casts only what has the right shape, so one odd stored value cannot fail the whole query.
    const typed =
      field.type === 'NUMBER'
        ? `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${text}::numeric END)`
        : field.type === 'DATE'
          ? `(CASE WHEN ${text} ~ ${DATE_TEXT_PATTERN} THEN ${text}::date END)`
          : field.type === 'BOOLEAN'
            ? `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${text}::boolean END)`
            : text;
    return { type: field.type, text, typed, choices: field.choices };
  }

  private fail(path: string, message: string): null {
    this.issues.push({ path, message });
    return null;
  }

  private param(value: string, cast: string): string {
    this.params.push(value);
    return `$${this.paramOffset + this.params.length}::${cast}`;
  }

  private node(node: unknown, path: string, depth: number): string | null {
    if (!isObject(node)) return this.fail(path || 'conditions', 'must be a condition or a group');
    if ('op' in node || 'conditions' in node) return this.group(node, path, depth);
    if ('result' in node) return this.result(node, path);
    if ('survey' in node) return this.survey(node, path);
    if ('field' in node) return this.condition(node, path);
    return this.fail(
      path || 'conditions',
      'must be a condition {field, operator}, a result condition {result}, a survey condition {survey, question} or a group {op, conditions}',
    );
  }

  private group(node: Record<string, unknown>, path: string, depth: number): string | null {
    if (depth > SELECTION_LIMITS.maxDepth) {
      return this.fail(path, `groups may be nested at most ${SELECTION_LIMITS.maxDepth} deep`);
    }
    const op = node.op;
    if (op !== 'AND' && op !== 'OR') this.fail(join(path, 'op'), 'must be AND or OR');
    if (!Array.isArray(node.conditions)) return this.fail(join(path, 'conditions'), 'must be a list of conditions');
    const parts: string[] = [];
    for (const [index, child] of node.conditions.entries()) {
      const childPath = join(join(path, 'conditions'), index);
      if (!('op' in (isObject(child) ? child : {}))) {
        this.conditionCount += 1;
        if (this.conditionCount > SELECTION_LIMITS.maxConditions) {
          // Stop here: the rest would only add noise (and work) to a selection that is refused anyway.
          this.fail(childPath, `a selection may have at most ${SELECTION_LIMITS.maxConditions} conditions`);
          throw DomainError.validation('the selection has invalid conditions', this.issues);
        }
      }
      const sql = this.node(child, childPath, depth + 1);
      if (sql !== null) parts.push(sql);
    }
    if (parts.length === 0) return op === 'OR' ? 'FALSE' : 'TRUE';
    return parts.length === 1 ? (parts[0] ?? 'TRUE') : `(${parts.join(op === 'OR' ? ' OR ' : ' AND ')})`;
  }

  private condition(node: Record<string, unknown>, path: string): string | null {
    const name = node.field;
    const column = typeof name === 'string' ? this.columns.get(name) : undefined;
    if (column === undefined) {
      const known =
        this.options.table === 'Subprofile'
          ? 'createdAt or a field of the collection'
          : 'email, mobile, fax, createdAt or a field of the database';
      // Not String(name): an object whose toString is no function throws, and that would be a 500.
      const shown = typeof name === 'string' ? name : `(a ${name === null ? 'null' : typeof name})`;
      return this.fail(join(path, 'field'), `unknown field ${shown}: must be ${known}`);
    }
    const operator = node.operator;
    if (typeof operator !== 'string' || !(CONDITION_OPERATORS as readonly string[]).includes(operator)) {
      return this.fail(join(path, 'operator'), `must be one of ${CONDITION_OPERATORS.join(', ')}`);
    }
    const allowed = OPERATORS_BY_TYPE[column.type];
    if (!allowed.includes(operator as ConditionOperator)) {
      const kind = column.type === 'TIMESTAMP' ? 'createdAt' : `a ${column.type} field`;
      return this.fail(join(path, 'operator'), `${operator} does not fit ${kind}: use ${allowed.join(', ')}`);
    }
    switch (operator as ConditionOperator) {
      case 'empty':
        return column.typed === column.text ? `COALESCE(${column.text}, '') = ''` : `${column.typed} IS NULL`;
      case 'notEmpty':
        return column.typed === column.text ? `COALESCE(${column.text}, '') <> ''` : `${column.typed} IS NOT NULL`;
      case 'contains':
      case 'startsWith':
        return this.like(column, node.value, operator === 'contains', join(path, 'value'));
      case 'equals':
      case 'notEquals':
        return this.equals(column, node.value, operator === 'notEquals', join(path, 'value'));
      case 'range':
        return this.range(column, node, path);
      case 'in':
        return this.list(column, node.values, join(path, 'values'));
    }
  }

  /** The comparable form of a condition value, or a message saying why it does not fit the column. */
  private value(column: Column, raw: unknown): Normalised<string> {
    if (raw === undefined || raw === null || raw === '') return { ok: false, message: 'is required' };
    let result: Normalised<string | number | boolean>;
    if (column.type === 'TEXT') {
      result =
        typeof raw === 'string' || typeof raw === 'number'
          ? { ok: true, value: String(raw).trim() }
          : { ok: false, message: 'must be text' };
    } else if (column.type === 'EMAIL') {
      result = normaliseEmail(raw);
    } else if (column.type === 'PHONE') {
      result = normalisePhone(raw, this.options.defaultCountry);
    } else if (column.type === 'TIMESTAMP') {
      return { ok: false, message: 'is a moment' };
    } else {
      result = normaliseFieldValue({ type: column.type, choices: column.choices }, raw, this.options.defaultCountry);
    }
    if (!result.ok) return result;
    const text = String(result.value);
    const unstorable = unstorableTextReason(text);
    if (unstorable !== null) return { ok: false, message: unstorable };
    return { ok: true, value: CASE_INSENSITIVE.has(column.type) ? text.toLowerCase() : text };
  }

  private compared(column: Column): string {
    return CASE_INSENSITIVE.has(column.type) ? `lower(${column.text})` : column.typed;
  }

  private equals(column: Column, raw: unknown, negate: boolean, path: string): string | null {
    if (column.type === 'TIMESTAMP') {
      const moment = parseMoment(raw);
      if (!moment.ok) return this.fail(path, raw === undefined ? 'is required' : moment.message);
      if (!moment.value.wholeDay)
        return `${column.typed} = ${this.param(utcTimestamp(moment.value.start), 'timestamp')}`;
      const start = this.param(utcTimestamp(moment.value.start), 'timestamp');
      const end = this.param(utcTimestamp(moment.value.end), 'timestamp');
      return `(${column.typed} >= ${start} AND ${column.typed} < ${end})`;
    }
    const value = this.value(column, raw);
    if (!value.ok) return this.fail(path, value.message);
    const placeholder = this.param(value.value, SQL_CAST[column.type]);
    return negate
      ? `${this.compared(column)} IS DISTINCT FROM ${placeholder}`
      : `${this.compared(column)} = ${placeholder}`;
  }

  private like(column: Column, raw: unknown, anywhere: boolean, path: string): string | null {
    if (typeof raw !== 'string' && typeof raw !== 'number') return this.fail(path, 'is required');
    const text = String(raw).trim();
    if (text === '') return this.fail(path, 'is required');
    // PostgreSQL refuses such text as a parameter (a 500), so it is the condition's problem.
    const unstorable = unstorableTextReason(text);
    if (unstorable !== null) return this.fail(path, unstorable);
    const pattern = `${anywhere ? '%' : ''}${escapeLikePattern(text)}%`;
    return `${column.text} ILIKE ${this.param(pattern, 'text')}`;
  }

  private range(column: Column, node: Record<string, unknown>, path: string): string | null {
    const hasMin = node.min !== undefined && node.min !== null && node.min !== '';
    const hasMax = node.max !== undefined && node.max !== null && node.max !== '';
    if (!hasMin && !hasMax) return this.fail(join(path, 'min'), 'a range needs min, max or both');
    const bounds: string[] = [];
    if (column.type === 'TIMESTAMP') {
      const min = hasMin ? parseMoment(node.min) : undefined;
      const max = hasMax ? parseMoment(node.max) : undefined;
      if (min && !min.ok) this.fail(join(path, 'min'), min.message);
      if (max && !max.ok) this.fail(join(path, 'max'), max.message);
      if ((min && !min.ok) || (max && !max.ok)) return null;
      if (min?.ok && max?.ok && min.value.start.getTime() > max.value.start.getTime()) {
        return this.fail(join(path, 'max'), 'must not be before min');
      }
      if (min?.ok) bounds.push(`${column.typed} >= ${this.param(utcTimestamp(min.value.start), 'timestamp')}`);
      if (max?.ok) {
        // A date-only upper bound includes its whole day.
        bounds.push(
          max.value.wholeDay
            ? `${column.typed} < ${this.param(utcTimestamp(max.value.end), 'timestamp')}`
            : `${column.typed} <= ${this.param(utcTimestamp(max.value.end), 'timestamp')}`,
        );
      }
      return bounds.length === 1 ? (bounds[0] ?? null) : `(${bounds.join(' AND ')})`;
    }
    const min = hasMin ? this.value(column, node.min) : undefined;
    const max = hasMax ? this.value(column, node.max) : undefined;
    if (min && !min.ok) this.fail(join(path, 'min'), min.message);
    if (max && !max.ok) this.fail(join(path, 'max'), max.message);
    if ((min && !min.ok) || (max && !max.ok)) return null;
    if (min?.ok && max?.ok) {
      const inverted = column.type === 'NUMBER' ? Number(min.value) > Number(max.value) : min.value > max.value;
      if (inverted) return this.fail(join(path, 'max'), 'must not be less than min');
    }
    const cast = SQL_CAST[column.type];
    if (min?.ok) bounds.push(`${column.typed} >= ${this.param(min.value, cast)}`);
    if (max?.ok) bounds.push(`${column.typed} <= ${this.param(max.value, cast)}`);
    return bounds.length === 1 ? (bounds[0] ?? null) : `(${bounds.join(' AND ')})`;
  }

  private list(column: Column, raw: unknown, path: string): string | null {
    if (!Array.isArray(raw) || raw.length === 0) return this.fail(path, 'needs a list of at least one value');
    if (raw.length > SELECTION_LIMITS.maxListValues) {
      return this.fail(path, `may hold at most ${SELECTION_LIMITS.maxListValues} values`);
    }
    const values: string[] = [];
    raw.forEach((item, index) => {
      const value = this.value(column, item);
      if (value.ok) values.push(value.value);
      else this.fail(join(path, index), value.message);
    });
    if (values.length !== raw.length) return null;
    const cast = SQL_CAST[column.type];
    const placeholders = [...new Set(values)].map((value) => this.param(value, cast));
    return `${this.compared(column)} IN (${placeholders.join(', ')})`;
  }

  private result(node: Record<string, unknown>, path: string): string | null {
    const kind = node.result;
    if (typeof kind !== 'string' || !(RESULT_KINDS as readonly string[]).includes(kind)) {
      return this.fail(join(path, 'result'), `must be one of ${RESULT_KINDS.join(', ')}`);
    }
    const { mailingId, withinDays, negate } = node;
    let valid = true;
    if (mailingId !== undefined && !(Number.isInteger(mailingId) && (mailingId as number) > 0)) {
      valid = !!this.fail(join(path, 'mailingId'), 'must be a mailing id');
    }
    if (
      withinDays !== undefined &&
      !(Number.isInteger(withinDays) && (withinDays as number) >= 1 && (withinDays as number) <= 3650)
    ) {
      valid = !!this.fail(join(path, 'withinDays'), 'must be a whole number of days from 1 to 3650');
    }
    if (negate !== undefined && typeof negate !== 'boolean') {
      valid = !!this.fail(join(path, 'negate'), 'must be true or false');
    }
    if (!valid) return null;

    this.subqueryCount += 1;
    const d = `${this.alias}_d${this.subqueryCount}`;
    const e = `${this.alias}_e${this.subqueryCount}`;
    const owner = this.options.table === 'Subprofile' ? `${d}."subprofileId"` : `${d}."profileId"`;
    const where = [`${owner} = ${this.alias}."id"`];
    if (mailingId !== undefined) where.push(`${d}."mailingId" = ${this.param(String(mailingId), 'int')}`);
    const since =
      withinDays === undefined
        ? undefined
        : `(now() AT TIME ZONE 'UTC') - make_interval(days => ${this.param(String(withinDays), 'int')})`;

    let from = `"Destination" ${d}`;
    switch (kind as ResultKind) {
      case 'received':
        where.push(`${d}."status" = 'SENT'`);
        if (since) where.push(`${d}."sentAt" >= ${since}`);
        break;
      case 'delivered':
        where.push(`${d}."status" = 'SENT'`, `${d}."dominantResult" <> 'ERROR'`);
        if (since) where.push(`${d}."sentAt" >= ${since}`);
        break;
      // An SMS mailing's results: delivered is sent and not reported undelivered or failed since (the
      // fold's "delivered"); failed is refused at send or reported undelivered or failed by Twilio.
      case 'sms_delivered':
      case 'sms_failed':
        from += ` JOIN "Mailing" ${e} ON ${e}."id" = ${d}."mailingId" AND ${e}."channel" = 'SMS'`;
        where.push(
          kind === 'sms_delivered'
            ? `${d}."status" = 'SENT' AND ${d}."dominantResult" <> 'ERROR'`
            : `(${d}."status" = 'FAILED' OR (${d}."status" = 'SENT' AND ${d}."dominantResult" = 'ERROR'))`,
        );
        if (since) where.push(`${d}."updatedAt" >= ${since}`);
        break;
      // Replied STOP (or a synonym) to an SMS: the inbound webhook records it as an unsubscribe of the
      // last SMS sent to the number; a later START does not undo that it was replied.
      case 'sms_stopped':
        from +=
          ` JOIN "Mailing" ${e}m ON ${e}m."id" = ${d}."mailingId" AND ${e}m."channel" = 'SMS'` +
          ` JOIN "Event" ${e} ON ${e}."destinationId" = ${d}."id" AND ${e}."type" = 'UNSUBSCRIBE'`;
        if (since) where.push(`${e}."occurredAt" >= ${since}`);
        break;
      case 'opened':
      case 'clicked':
        from += ` JOIN "Event" ${e} ON ${e}."destinationId" = ${d}."id"`;
        where.push(kind === 'opened' ? `${e}."type" IN ('IMPRESSION', 'CLICK')` : `${e}."type" = 'CLICK'`);
        if (since) where.push(`${e}."occurredAt" >= ${since}`);
        break;
    }
    return `${negate === true ? 'NOT EXISTS' : 'EXISTS'} (SELECT 1 FROM ${from} WHERE ${where.join(' AND ')})`;
  }
  private survey(node: Record<string, unknown>, path: string): string | null {
    const { survey, question, values, mailingId, negate } = node;
    let valid = true;
    if (!(Number.isInteger(survey) && (survey as number) > 0 && (survey as number) <= MAX_INT4)) {
      valid = !!this.fail(join(path, 'survey'), 'must be a survey id');
    }
    if (typeof question !== 'string' || !SURVEY_ITEM_ID.test(question)) {
      valid = !!this.fail(join(path, 'question'), 'must be a question id');
    }
    if (
      values !== undefined &&
      !(
        Array.isArray(values) &&
        values.length >= 1 &&
        values.length <= SELECTION_LIMITS.maxListValues &&
        values.every((value) => typeof value === 'string' && value.length >= 1 && value.length <= 2000)
      )
    ) {
      valid = !!this.fail(
        join(path, 'values'),
        `must be 1 to ${SELECTION_LIMITS.maxListValues} answers of 1 to 2000 characters`,
      );
    }
    if (mailingId !== undefined && !(Number.isInteger(mailingId) && (mailingId as number) > 0)) {
      valid = !!this.fail(join(path, 'mailingId'), 'must be a mailing id');
    }
    if (negate !== undefined && typeof negate !== 'boolean') {
      valid = !!this.fail(join(path, 'negate'), 'must be true or false');
    }
    if (!valid) return null;

    this.subqueryCount += 1;
    const r = `${this.alias}_r${this.subqueryCount}`;
    const a = `${this.alias}_a${this.subqueryCount}`;
    const owner = this.options.table === 'Subprofile' ? `${this.alias}."profileId"` : `${this.alias}."id"`;
    const where = [
      `${r}."profileId" = ${owner}`,
      `${r}."surveyId" = ${this.param(String(survey), 'int')}`,
      `${a}."questionId" = ${this.param(question as string, 'text')}`,
    ];
    if (Array.isArray(values)) {
      const placeholders = [...new Set(values as string[])].map((value) => this.param(value, 'text'));
      where.push(`${a}."value" IN (${placeholders.join(', ')})`);
    }
    if (mailingId !== undefined) where.push(`${r}."mailingId" = ${this.param(String(mailingId), 'int')}`);
    const from = `"SurveyAnswer" ${a} JOIN "SurveyResponse" ${r} ON ${r}."id" = ${a}."responseId"`;
    return `${negate === true ? 'NOT EXISTS' : 'EXISTS'} (SELECT 1 FROM ${from} WHERE ${where.join(' AND ')})`;
  }
}
