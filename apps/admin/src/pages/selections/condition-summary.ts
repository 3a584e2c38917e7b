import type {
  FieldCondition,
  FieldResponse as Field,
  ResultCondition,
  SelectionGroup,
  SelectionNode,
  SurveyCondition,
} from '@herald/contracts';
import { OPERATOR_LABELS, PROFILE_COLUMNS, RESULT_LABELS } from './condition-tree';

/** A saved selection's conditions as sentences, for reading (the editor's disabled inputs were grey on grey). */
export type ConditionLine = { text: string } | { op: SelectionGroup['op']; lines: ConditionLine[] };

function columnLabel(name: string, fields: readonly Field[]): string {
  const field = fields.find((candidate) => candidate.name === name);
  return field?.label || PROFILE_COLUMNS.find((column) => column.name === name)?.label || name;
}

const quoted = (value: unknown) => (typeof value === 'string' ? `“${value}”` : String(value));

function describeFieldCondition(condition: FieldCondition, fields: readonly Field[]): string {
  const column = columnLabel(condition.field, fields);
  const operator = OPERATOR_LABELS[condition.operator];
  switch (condition.operator) {
    case 'empty':
    case 'notEmpty':
      return `${column} ${operator}`;
    case 'range':
      return `${column} ${operator} ${quoted(condition.min)} and ${quoted(condition.max)}`;
    default:
      return `${column} ${operator} ${quoted(condition.value)}`;
  }
}

function describeResultCondition(condition: ResultCondition): string {
  return [
    condition.negate ? `never ${RESULT_LABELS[condition.result]}` : RESULT_LABELS[condition.result],
    condition.mailingId !== undefined ? `(mailing ${condition.mailingId})` : null,
    condition.withinDays !== undefined ? `in the last ${condition.withinDays} days` : null,
  ]
    .filter(Boolean)
    .join(' ');
}

function describeSurveyCondition(condition: SurveyCondition): string {
  return [
    condition.negate ? 'did not answer' : 'answered',
    `question ${condition.question} of survey ${condition.survey}`,
    condition.values ? `with ${condition.values.map(quoted).join(' or ')}` : null,
    condition.mailingId !== undefined ? `(mailing ${condition.mailingId})` : null,
  ]
    .filter(Boolean)
    .join(' ');
}

export function describeConditions(node: SelectionNode, fields: readonly Field[]): ConditionLine {
  if ('op' in node) return { op: node.op, lines: node.conditions.map((child) => describeConditions(child, fields)) };
  if ('result' in node) return { text: describeResultCondition(node) };
  if ('survey' in node) return { text: describeSurveyCondition(node) };
  return { text: describeFieldCondition(node, fields) };
}
