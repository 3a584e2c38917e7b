import { z } from 'zod';
import { Timestamp } from './common.schema';
import { SurveyItemId } from './surveys.schema';

/** Limits that keep one saved selection from becoming an expensive query. */
export const SELECTION_LIMITS = { maxDepth: 10, maxConditions: 200, maxListValues: 1000 } as const;

export const CONDITION_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'startsWith',
  'range',
  'empty',
  'notEmpty',
  'in',
] as const;
export const ConditionOperator = z.enum(CONDITION_OPERATORS);
export type ConditionOperator = z.infer<typeof ConditionOperator>;

export const ConditionValue = z.union([z.string().max(1000), z.number(), z.boolean()]);
export type ConditionValue = z.infer<typeof ConditionValue>;

/**
 * A condition on a column or custom field: `email`, `mobile`, `fax`, `createdAt` or a field name.
 * `value` for equals/notEquals/contains/startsWith, `min`/`max` (either or both, inclusive) for
 * range, `values` for in; empty/notEmpty take none. Whether the operator fits the field's type is
 * checked by the domain, which knows the fields.
 */
export const FieldCondition = z.strictObject({
  field: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a field name')
    .max(64),
  operator: ConditionOperator,
  value: ConditionValue.optional(),
  min: ConditionValue.optional(),
  max: ConditionValue.optional(),
  values: z.array(ConditionValue).min(1).max(SELECTION_LIMITS.maxListValues).optional(),
});
export type FieldCondition = z.infer<typeof FieldCondition>;

/** What a condition compares: a field's type, or TIMESTAMP for the profile's own `createdAt`. */
export type ConditionColumnType = 'TEXT' | 'NUMBER' | 'DATE' | 'BOOLEAN' | 'EMAIL' | 'PHONE' | 'CHOICE' | 'TIMESTAMP';

/**
 * The operators the API accepts per column type, the first being the one a new condition starts
 * with. The domain's compiler checks conditions against the same table (a spec in the API keeps
 * the two equal).
 */
export const CONDITION_OPERATORS_BY_TYPE: Record<ConditionColumnType, readonly ConditionOperator[]> = {
  TEXT: ['equals', 'notEquals', 'contains', 'startsWith', 'empty', 'notEmpty', 'in'],
  EMAIL: ['equals', 'notEquals', 'contains', 'startsWith', 'empty', 'notEmpty', 'in'],
  PHONE: ['equals', 'notEquals', 'contains', 'startsWith', 'empty', 'notEmpty', 'in'],
  CHOICE: ['equals', 'notEquals', 'empty', 'notEmpty', 'in'],
  NUMBER: ['equals', 'notEquals', 'range', 'empty', 'notEmpty', 'in'],
  DATE: ['equals', 'notEquals', 'range', 'empty', 'notEmpty'],
  BOOLEAN: ['equals', 'notEquals', 'empty', 'notEmpty'],
  TIMESTAMP: ['equals', 'range'],
};

export function conditionOperatorsFor(type: ConditionColumnType): readonly ConditionOperator[] {
  return CONDITION_OPERATORS_BY_TYPE[type];
}

/** The operator a condition on a column of this type starts with, and falls back to when its field changes. */
export function defaultConditionOperator(type: ConditionColumnType): ConditionOperator {
  return CONDITION_OPERATORS_BY_TYPE[type][0] ?? 'equals';
}

/** Whether the operator compares with something the user types (empty and notEmpty take nothing). */
export function operatorTakesValue(operator: ConditionOperator): boolean {
  return operator !== 'empty' && operator !== 'notEmpty';
}

/**
 * What happened to the recipient's earlier mailings: any channel's `received` and `delivered`, an
 * email's `opened` and `clicked`, an SMS mailing's `sms_delivered` and `sms_failed` (its status), and
 * `sms_stopped`, replied STOP (or a synonym) to an SMS mailing.
 */
export const RESULT_KINDS = [
  'received',
  'delivered',
  'opened',
  'clicked',
  'sms_delivered',
  'sms_failed',
  'sms_stopped',
] as const;
export const ResultKind = z.enum(RESULT_KINDS);
export type ResultKind = z.infer<typeof ResultKind>;

export const ResultCondition = z.strictObject({
  result: ResultKind,
  /** One mailing; without it, any mailing. */
  mailingId: z.number().int().positive().optional(),
  /** Only what happened in the last N days. */
  withinDays: z.number().int().min(1).max(3650).optional(),
  /** "Did not": the recipient has no such result. */
  negate: z.boolean().optional(),
});
export type ResultCondition = z.infer<typeof ResultCondition>;

/**
 * Answered question `question` of survey `survey`: with one of `values` when given (option ids, a
 * rating's score as text, or an open answer's exact text), with any answer otherwise; from one
 * mailing's link with `mailingId`; "did not" with `negate`.
 */
export const SurveyCondition = z.strictObject({
  survey: z.number().int().positive().max(2_147_483_647),
  question: SurveyItemId,
  values: z.array(z.string().min(1).max(2000)).min(1).max(SELECTION_LIMITS.maxListValues).optional(),
  mailingId: z.number().int().positive().max(2_147_483_647).optional(),
  negate: z.boolean().optional(),
});
export type SurveyCondition = z.infer<typeof SurveyCondition>;

export interface SelectionGroup {
  op: 'AND' | 'OR';
  conditions: SelectionNode[];
}
export type SelectionNode = FieldCondition | ResultCondition | SurveyCondition | SelectionGroup;

const NODE_KINDS = [
  { key: 'op', index: 0 },
  { key: 'result', index: 1 },
  { key: 'survey', index: 2 },
  { key: 'field', index: 3 },
] as const;

/**
 * A union reports only "invalid input" at the node; name the node's own problem instead, taken
 * from the variant its keys say it is meant to be (`op` a group, `result` a result, `field` a
 * condition), with the path inside the node, e.g. `conditions.0.operator: Invalid option ...`.
 */
function describeBadNode(issue: { input?: unknown; errors?: unknown }): string {
  const input = issue.input;
  const variants = Array.isArray(issue.errors) ? (issue.errors as z.core.$ZodIssue[][]) : [];
  if (typeof input === 'object' && input !== null) {
    const kind = NODE_KINDS.find(({ key }) => key in input);
    const first = kind === undefined ? undefined : variants[kind.index]?.[0];
    if (first !== undefined) {
      let path = first.path.map(String).join('.');
      let message = first.message;
      // A nested node's message already starts with its own inner path: join the two.
      const inner = first.code === 'invalid_union' ? /^([\w.]+): (.*)$/s.exec(message) : null;
      if (inner?.[1] !== undefined && inner[2] !== undefined) {
        path = path === '' ? inner[1] : `${path}.${inner[1]}`;
        message = inner[2];
      }
      return path === '' ? message : `${path}: ${message}`;
    }
  }
  return 'must be a condition {field, operator}, a result condition {result}, a survey condition {survey, question} or a group {op, conditions}';
}

/** Any node of the tree: a group, a result condition or a field condition. */
export const SelectionNode: z.ZodType<SelectionNode> = z.lazy(() =>
  z.union([SelectionGroup, ResultCondition, SurveyCondition, FieldCondition], {
    error: (issue) => (issue.code === 'invalid_union' ? describeBadNode(issue) : undefined),
  }),
);

/** A tree of AND/OR groups; an empty AND group matches everyone, an empty OR group no one. */
export const SelectionGroup: z.ZodType<SelectionGroup> = z.strictObject({
  op: z.enum(['AND', 'OR']),
  get conditions() {
    return z.array(SelectionNode).max(SELECTION_LIMITS.maxConditions);
  },
});

/**
 * The root of a selection's conditions, stored as JSON in `Selection.conditions`: a group, under the
 * name the API and the admin app use for the whole tree.
 * @alias
 */
export const SelectionConditions = SelectionGroup;
export type SelectionConditions = SelectionGroup;

export const CreateSelectionRequest = z.object({
  name: z.string().trim().min(1).max(255),
  /** Select subprofiles of this collection instead of profiles of the database. */
  collectionId: z.number().int().positive().optional(),
  conditions: SelectionConditions,
});
export type CreateSelectionRequest = z.infer<typeof CreateSelectionRequest>;

/** The target (database or collection) of a selection is fixed; mailings refer to it. */
export const UpdateSelectionRequest = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  conditions: SelectionConditions.optional(),
});
export type UpdateSelectionRequest = z.infer<typeof UpdateSelectionRequest>;

export const SelectionResponse = z.object({
  id: z.number().int(),
  databaseId: z.number().int(),
  collectionId: z.number().int().nullable(),
  name: z.string(),
  conditions: SelectionConditions,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SelectionResponse = z.infer<typeof SelectionResponse>;

export const SelectionCountResponse = z.object({ count: z.number().int().min(0) });
export type SelectionCountResponse = z.infer<typeof SelectionCountResponse>;
