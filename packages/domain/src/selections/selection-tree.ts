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

import { RESULT_KINDS, type ResultKind } from '@herald/contracts';

// The result kinds have one owner, the contracts that the API checks requests with.
export { RESULT_KINDS, type ResultKind };

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

/** Answered a survey's question (with one of `values`): "answered Blue to question colour of survey 3". */
export interface SurveyCondition {
  survey: number;
  question: string;
  values?: string[];
  mailingId?: number;
  negate?: boolean;
}

export type SelectionNode = FieldCondition | ResultCondition | SurveyCondition | SelectionGroup;

/** Bounds that keep one selection from becoming an expensive query. */
export const SELECTION_LIMITS = { maxDepth: 10, maxConditions: 200, maxListValues: 1000 } as const;

/**
 * How deep the groups of a condition tree nest (the root group is 1), and the path of the deepest
 * group. Iterative, so a hostile tree cannot overflow the stack before its depth is known.
 */
export function selectionGroupDepth(tree: unknown): { depth: number; path: string } {
  let deepest = { depth: 0, path: '' };
  const stack: [unknown, string, number][] = [[tree, '', 1]];
  while (stack.length) {
    const [node, path, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null || !('conditions' in node || 'op' in node)) continue;
    if (depth > deepest.depth) deepest = { depth, path };
    const children = (node as { conditions?: unknown }).conditions;
    if (!Array.isArray(children)) continue;
    children.forEach((child, index) =>
      stack.push([child, path ? `${path}.conditions.${index}` : `conditions.${index}`, depth + 1]),
    );
  }
  return deepest;
}

/** The message for a tree nested beyond SELECTION_LIMITS.maxDepth, or undefined when it is within. */
export function selectionDepthProblem(tree: unknown): { path: string; message: string } | undefined {
  const { depth, path } = selectionGroupDepth(tree);
  if (depth <= SELECTION_LIMITS.maxDepth) return undefined;
  return {
    path,
    message: `groups may be nested at most ${SELECTION_LIMITS.maxDepth} deep; these are nested ${depth} deep`,
  };
}
