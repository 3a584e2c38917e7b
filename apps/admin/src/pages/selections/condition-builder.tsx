import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconChartBar, IconFolderPlus, IconListCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import {
  operatorTakesValue,
  type ConditionOperator,
  type FieldResponse as Field,
  type ResultKind,
} from '@herald/contracts';
import {
  fieldTypeOf,
  isGroup,
  isResultCondition,
  isSurveyCondition,
  newCondition,
  newGroup,
  newResultCondition,
  newSurveyCondition,
  OPERATOR_LABELS,
  operatorsFor,
  PROFILE_COLUMNS,
  RESULT_LABELS,
  withField,
  type EditorCondition,
  type EditorGroup,
  type EditorNode,
  type EditorResultCondition,
} from './condition-tree';
import { SurveyConditionRow } from './survey-condition-row';

/** Values of a list typed as text; a number field's list goes to the API as numbers. */
function listValues(values: string[], type: string): Array<string | number> {
  if (type !== 'NUMBER') return values;
  return values.map(Number).filter((value) => !Number.isNaN(value));
}

interface BuilderProps {
  fields: Field[];
  readOnly?: boolean;
}

function ValueInput({
  condition,
  fields,
  readOnly,
  onChange,
}: BuilderProps & { condition: EditorCondition; onChange(c: EditorCondition): void }) {
  const field = fields.find((f) => f.name === condition.field);
  const type = fieldTypeOf(condition.field, fields);
  const common = { disabled: readOnly, 'aria-label': 'Value', style: { flex: 1, minWidth: 160 } };

  const dateLike = type === 'DATE' || type === 'TIMESTAMP';

  if (!operatorTakesValue(condition.operator)) return null;

  if (condition.operator === 'in') {
    return type === 'CHOICE' && field?.choices ? (
      <MultiSelect
        {...common}
        data={field.choices}
        value={(condition.values ?? []).map(String)}
        onChange={(values) => onChange({ ...condition, values })}
        placeholder="Choose values"
      />
    ) : (
      <TagsInput
        {...common}
        value={(condition.values ?? []).map(String)}
        onChange={(values) => onChange({ ...condition, values: listValues(values, type) })}
        placeholder="Type a value, press Enter"
      />
    );
  }

  if (condition.operator === 'range') {
    const bound = (name: 'min' | 'max') =>
      type === 'NUMBER' ? (
        <NumberInput
          disabled={readOnly}
          aria-label={name === 'min' ? 'From' : 'To'}
          placeholder={name === 'min' ? 'from' : 'to'}
          value={typeof condition[name] === 'number' || typeof condition[name] === 'string' ? condition[name] : ''}
          onChange={(value) => onChange({ ...condition, [name]: value === '' ? undefined : value })}
          w={120}
        />
      ) : (
        <TextInput
          disabled={readOnly}
          aria-label={name === 'min' ? 'From' : 'To'}
          type={dateLike ? 'date' : 'text'}
          placeholder={name === 'min' ? 'from' : 'to'}
          value={condition[name] === undefined ? '' : String(condition[name])}
          onChange={(event) => onChange({ ...condition, [name]: event.currentTarget.value || undefined })}
          w={160}
        />
      );
    return (
      <Group gap={6} wrap="nowrap">
        {bound('min')}
        <Text size="sm">and</Text>
        {bound('max')}
      </Group>
    );
  }

  switch (type) {
    case 'BOOLEAN':
      return (
        <Select
          {...common}
          data={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          value={condition.value === undefined ? null : String(condition.value)}
          onChange={(value) => onChange({ ...condition, value: value === null ? undefined : value === 'true' })}
        />
      );
    case 'CHOICE':
      return (
        <Select
          {...common}
          data={field?.choices ?? []}
          value={typeof condition.value === 'string' ? condition.value : null}
          onChange={(value) => onChange({ ...condition, value: value ?? undefined })}
        />
      );
    case 'NUMBER':
      return (
        <NumberInput
          {...common}
          value={typeof condition.value === 'number' || typeof condition.value === 'string' ? condition.value : ''}
          onChange={(value) => onChange({ ...condition, value: value === '' ? undefined : value })}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={dateLike ? 'date' : 'text'}
          value={condition.value === undefined ? '' : String(condition.value)}
          onChange={(event) => onChange({ ...condition, value: event.currentTarget.value })}
        />
      );
  }
}

function ConditionRow({
  condition,
  fields,
  readOnly,
  onChange,
  onRemove,
}: BuilderProps & { condition: EditorCondition; onChange(c: EditorCondition): void; onRemove(): void }) {
  const type = fieldTypeOf(condition.field, fields);
  const fieldOptions = [
    { group: 'Fields', items: fields.map((f) => ({ value: f.name, label: f.label })) },
    { group: 'Profile', items: PROFILE_COLUMNS.map((f) => ({ value: f.name, label: f.label })) },
  ];
  return (
    <Group gap="xs" wrap="nowrap" align="center" data-testid="condition">
      <Select
        aria-label="Field"
        data={fieldOptions}
        value={condition.field}
        disabled={readOnly}
        searchable
        allowDeselect={false}
        w={180}
        onChange={(name) => name && name !== condition.field && onChange(withField(condition, name, fields))}
      />
      <Select
        aria-label="Operator"
        data={operatorsFor(type).map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
        value={condition.operator}
        disabled={readOnly}
        allowDeselect={false}
        w={150}
        onChange={(operator) => operator && onChange({ ...condition, operator: operator as ConditionOperator })}
      />
      <ValueInput condition={condition} fields={fields} readOnly={readOnly} onChange={onChange} />
      {!readOnly && (
        <Tooltip label="Remove condition">
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove condition">
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

function ResultRow({
  condition,
  readOnly,
  onChange,
  onRemove,
}: {
  condition: EditorResultCondition;
  readOnly?: boolean;
  onChange(c: EditorResultCondition): void;
  onRemove(): void;
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="center" data-testid="result-condition">
      <Select
        aria-label="Did or did not"
        data={[
          { value: 'did', label: 'Has' },
          { value: 'didNot', label: 'Has not' },
        ]}
        value={condition.negate ? 'didNot' : 'did'}
        disabled={readOnly}
        allowDeselect={false}
        w={110}
        onChange={(value) => onChange({ ...condition, negate: value === 'didNot' })}
      />
      <Select
        aria-label="Mailing result"
        data={Object.entries(RESULT_LABELS).map(([value, label]) => ({ value, label }))}
        value={condition.result}
        disabled={readOnly}
        allowDeselect={false}
        w={240}
        onChange={(value) => value && onChange({ ...condition, result: value as ResultKind })}
      />
      <NumberInput
        aria-label="Mailing id"
        placeholder="any mailing"
        value={condition.mailingId ?? ''}
        disabled={readOnly}
        min={1}
        allowDecimal={false}
        w={130}
        leftSection={<Text size="xs">#</Text>}
        onChange={(value) => onChange({ ...condition, mailingId: typeof value === 'number' ? value : undefined })}
      />
      <Text size="sm">in the last</Text>
      <NumberInput
        aria-label="Within days"
        placeholder="any time"
        value={condition.withinDays ?? ''}
        disabled={readOnly}
        min={1}
        max={3650}
        allowDecimal={false}
        w={110}
        onChange={(value) => onChange({ ...condition, withinDays: typeof value === 'number' ? value : undefined })}
      />
      <Text size="sm">days</Text>
      {!readOnly && (
        <Tooltip label="Remove condition">
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove condition">
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

/** A group of conditions joined by AND or OR; groups nest to any depth. */
export function ConditionGroupEditor({
  group,
  fields,
  readOnly,
  onChange,
  onRemove,
  depth = 0,
}: BuilderProps & { group: EditorGroup; onChange(g: EditorGroup): void; onRemove?: () => void; depth?: number }) {
  const replace = (index: number, node: EditorNode) =>
    onChange({ ...group, conditions: group.conditions.map((n, i) => (i === index ? node : n)) });
  const remove = (index: number) => onChange({ ...group, conditions: group.conditions.filter((_, i) => i !== index) });
  const joiner = group.op === 'AND' ? 'and' : 'or';

  return (
    <Paper
      withBorder
      p="sm"
      bg={depth % 2 === 0 ? 'white' : 'var(--mantine-color-gray-0)'}
      data-testid="condition-group"
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">Profiles matching</Text>
            <SegmentedControl
              size="xs"
              value={group.op}
              disabled={readOnly}
              onChange={(op) => onChange({ ...group, op: op as 'AND' | 'OR' })}
              data={[
                { value: 'AND', label: 'all' },
                { value: 'OR', label: 'any' },
              ]}
              aria-label="Match all or any"
            />
            <Text size="sm">of these conditions</Text>
          </Group>
          {onRemove && !readOnly && (
            <Tooltip label="Remove group">
              <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove group">
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        {group.conditions.length === 0 && (
          <Text size="sm" c="dimmed">
            No conditions: every profile matches.
          </Text>
        )}
        {group.conditions.map((node, index) => (
          <Stack key={node.key} gap={4}>
            {index > 0 && (
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {joiner}
              </Text>
            )}
            {isGroup(node) ? (
              <ConditionGroupEditor
                group={node}
                fields={fields}
                readOnly={readOnly}
                depth={depth + 1}
                onChange={(g) => replace(index, g)}
                onRemove={() => remove(index)}
              />
            ) : isSurveyCondition(node) ? (
              <SurveyConditionRow
                condition={node}
                readOnly={readOnly}
                onChange={(c) => replace(index, c)}
                onRemove={() => remove(index)}
              />
            ) : isResultCondition(node) ? (
              <ResultRow
                condition={node}
                readOnly={readOnly}
                onChange={(c) => replace(index, c)}
                onRemove={() => remove(index)}
              />
            ) : (
              <ConditionRow
                condition={node}
                fields={fields}
                readOnly={readOnly}
                onChange={(c) => replace(index, c)}
                onRemove={() => remove(index)}
              />
            )}
          </Stack>
        ))}
        {!readOnly && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => onChange({ ...group, conditions: [...group.conditions, newCondition(undefined, fields)] })}
            >
              Add condition
            </Button>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconFolderPlus size={14} />}
              onClick={() =>
                onChange({
                  ...group,
                  conditions: [
                    ...group.conditions,
                    newGroup(group.op === 'AND' ? 'OR' : 'AND', [newCondition(undefined, fields)]),
                  ],
                })
              }
            >
              Add group
            </Button>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconChartBar size={14} />}
              onClick={() => onChange({ ...group, conditions: [...group.conditions, newResultCondition()] })}
            >
              Add mailing result
            </Button>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconListCheck size={14} />}
              onClick={() => onChange({ ...group, conditions: [...group.conditions, newSurveyCondition()] })}
            >
              Add survey answer
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
