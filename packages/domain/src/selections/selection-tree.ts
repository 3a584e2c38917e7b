/**
 * The condition tree of a selection, as stored in `Selection.conditions`. It mirrors
 * `SelectionConditions` in @herald/contracts, which checks the shape of requests; the compiler
 * checks the meaning (fields, operators, values) against the fields of the database.
 */
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
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type ConditionValue = string | number | boolean;

/** A condition on `email`, `mobile`, `fax`, `createdAt` or a custom field. */
export interface FieldCondition {
  field: string;
  operator: ConditionOperator;
  value?: ConditionValue;
  min?: ConditionValue;
  max?: ConditionValue;
  values?: ConditionValue[];
}

export const RESULT_KINDS = ['received', 'delivered', 'opened', 'clicked', 'sms_delivered', 'sms_failed'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** A condition on what happened to earlier mailings: "opened mailing 12", "clicked in the last 90 days". */
export interface ResultCondition {
  result: ResultKind;
  mailingId?: number;
  withinDays?: number;
  /** "Did not": no such result. */
  negate?: boolean;
}

export interface SelectionGroup {
  op: 'AND' | 'OR';
  conditions: SelectionNode[];
}

export type SelectionNode = FieldCondition | ResultCondition | SelectionGroup;

/** Bounds that keep one selection from becoming an expensive query. */
export const SELECTION_LIMITS = { maxDepth: 10, maxConditions: 200, maxListValues: 1000 } as const;
