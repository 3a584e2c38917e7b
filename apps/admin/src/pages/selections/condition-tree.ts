import {
  conditionOperatorsFor,
  defaultConditionOperator,
  type ConditionColumnType,
  type ConditionOperator,
  type FieldCondition as Condition,
  type FieldResponse as Field,
  type ResultCondition,
  type SelectionGroup as ConditionGroup,
  type SelectionNode as ConditionNode,
  type SurveyCondition,
} from '@herald/contracts';

/** The tree as edited: every node has a key so React keeps inputs in place while siblings are added or removed. */
export type EditorCondition = Condition & { key: string };
export type EditorResultCondition = ResultCondition & { key: string };
export interface EditorGroup {
  key: string;
  op: 'AND' | 'OR';
  conditions: EditorNode[];
}
/** A survey condition while it is edited: the survey and the question are chosen one after the other. */
export type EditorSurveyCondition = Partial<SurveyCondition> & { key: string; survey?: number; kind: 'survey' };
export type EditorNode = EditorCondition | EditorResultCondition | EditorSurveyCondition | EditorGroup;

let nextKey = 0;
const newKey = () => `node-${++nextKey}`;

export const isGroup = (node: EditorNode): node is EditorGroup => 'op' in node;
export const isResultCondition = (node: EditorNode): node is EditorResultCondition => 'result' in node;
export const isSurveyCondition = (node: EditorNode): node is EditorSurveyCondition =>
  'kind' in node && node.kind === 'survey';

/**
 * A new condition on `field` (by default the database's first field, else the email address),
 * with the operator its type starts with: one that fits and takes a value, so the value box shows.
 */
export const newCondition = (field?: string, fields: Field[] = []): EditorCondition => {
  const name = field ?? fields[0]?.name ?? 'email';
  return { key: newKey(), field: name, operator: defaultConditionOperator(fieldTypeOf(name, fields)) };
};

/**
 * The condition after its field changed to `name`: the operator starts over at the new type's
 * first (an "is not empty" kept from email would hide the value box), and the value typed for
 * the other field is dropped, as it rarely fits the new type.
 */
export function withField(condition: EditorCondition, name: string, fields: Field[]): EditorCondition {
  return { key: condition.key, field: name, operator: defaultConditionOperator(fieldTypeOf(name, fields)) };
}
export const newResultCondition = (): EditorResultCondition => ({ key: newKey(), result: 'opened', withinDays: 90 });
export const newSurveyCondition = (): EditorSurveyCondition => ({ key: newKey(), kind: 'survey' });
export const newGroup = (op: 'AND' | 'OR' = 'AND', conditions: EditorNode[] = []): EditorGroup => ({
  key: newKey(),
  op,
  conditions,
});

function nodeToEditor(node: ConditionNode): EditorNode {
  if ('op' in node) return toEditor(node);
  if ('survey' in node) return { ...node, kind: 'survey', key: newKey() };
  return { ...node, key: newKey() };
}

export function toEditor(group: ConditionGroup): EditorGroup {
  return newGroup(group.op, group.conditions.map(nodeToEditor));
}

/** The columns every profile has, next to the database's own fields; `createdAt` is a moment, not a date. */
export const PROFILE_COLUMNS: Array<{ name: string; label: string; type: ConditionColumnType }> = [
  { name: 'email', label: 'Email address', type: 'EMAIL' },
  { name: 'mobile', label: 'Mobile number', type: 'PHONE' },
  { name: 'fax', label: 'Fax number', type: 'PHONE' },
  { name: 'createdAt', label: 'Added on', type: 'TIMESTAMP' },
];

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  startsWith: 'starts with',
  range: 'is between',
  empty: 'is empty',
  notEmpty: 'is not empty',
  in: 'is one of',
};

export const RESULT_LABELS: Record<ResultCondition['result'], string> = {
  received: 'received a mailing',
  delivered: 'had a mailing delivered',
  opened: 'opened a mailing',
  clicked: 'clicked a link in a mailing',
  sms_delivered: 'had an SMS delivered',
  sms_failed: 'had an SMS fail',
  sms_stopped: 'replied STOP to an SMS',
};

/** The operators the API accepts for a column of this type (the contracts' table, which the compiler shares). */
export function operatorsFor(type: ConditionColumnType): readonly ConditionOperator[] {
  return conditionOperatorsFor(type);
}

export function fieldTypeOf(name: string, fields: Field[]): ConditionColumnType {
  return (
    fields.find((field) => field.name === name)?.type ??
    PROFILE_COLUMNS.find((column) => column.name === name)?.type ??
    'TEXT'
  );
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Whether a condition says enough to be evaluated; half-typed ones are left out of the live count. */
export function isComplete(condition: Condition): boolean {
  if (!condition.field) return false;
  switch (condition.operator) {
    case 'empty':
    case 'notEmpty':
      return true;
    case 'range':
      return present(condition.min) || present(condition.max);
    case 'in':
      return (condition.values?.length ?? 0) > 0;
    default:
      return present(condition.value);
  }
}

/** Only the inputs that belong to the operator, in the API's shape (it refuses unknown keys). */
function toCondition({ field, operator, value, min, max, values }: EditorCondition): Condition {
  switch (operator) {
    case 'empty':
    case 'notEmpty':
      return { field, operator };
    case 'range':
      return { field, operator, ...(present(min) ? { min } : {}), ...(present(max) ? { max } : {}) };
    case 'in':
      return { field, operator, values: values ?? [] };
    default:
      return { field, operator, value };
  }
}

function toResultCondition({ result, mailingId, withinDays, negate }: EditorResultCondition): ResultCondition {
  return {
    result,
    ...(mailingId ? { mailingId } : {}),
    ...(withinDays ? { withinDays } : {}),
    ...(negate ? { negate } : {}),
  };
}

/** A survey condition in the API's shape, or null while its survey or question is not chosen. */
function toSurveyCondition({
  survey,
  question,
  values,
  mailingId,
  negate,
}: EditorSurveyCondition): SurveyCondition | null {
  if (!survey || !question) return null;
  return {
    survey,
    question,
    ...(values && values.length > 0 ? { values } : {}),
    ...(mailingId ? { mailingId } : {}),
    ...(negate ? { negate } : {}),
  };
}

/** The tree to send: keys stripped, incomplete conditions and groups left empty by them dropped. */
export function completeTree(group: EditorGroup): ConditionGroup {
  const conditions: ConditionNode[] = [];
  for (const node of group.conditions) {
    if (isGroup(node)) {
      const child = completeTree(node);
      if (child.conditions.length > 0) conditions.push(child);
    } else if (isResultCondition(node)) {
      conditions.push(toResultCondition(node));
    } else if (isSurveyCondition(node)) {
      const survey = toSurveyCondition(node);
      if (survey) conditions.push(survey);
    } else if (isComplete(node)) {
      conditions.push(toCondition(node));
    }
  }
  return { op: group.op, conditions };
}

export function countIncomplete(group: EditorGroup): number {
  return group.conditions.reduce(
    (sum, node) =>
      sum +
      (isGroup(node)
        ? countIncomplete(node)
        : isSurveyCondition(node)
          ? toSurveyCondition(node)
            ? 0
            : 1
          : isResultCondition(node) || isComplete(node)
            ? 0
            : 1),
    0,
  );
}
