import { ActionIcon, Checkbox, Group, Select, TagsInput, TextInput, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { FieldDefinition, FieldType } from '@herald/contracts';
import { issueAt } from '../../components/api-error-alert';

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  TEXT: 'Text',
  NUMBER: 'Number',
  DATE: 'Date',
  BOOLEAN: 'Yes / no',
  EMAIL: 'Email address',
  PHONE: 'Phone number',
  CHOICE: 'Choice',
};

const typeOptions = Object.entries(FIELD_TYPE_LABELS).map(([value, label]) => ({ value, label }));

export const emptyField = (): FieldDefinition => ({ label: '', type: 'TEXT', required: false, unique: false });

/**
 * Only what the API needs: the label, a key only when one was typed (the API makes it from the
 * label otherwise), choices for a choice field.
 */
export function cleanField(field: FieldDefinition): FieldDefinition {
  const { choices, name, label, ...rest } = field;
  const key = name?.trim() ?? '';
  return {
    ...rest,
    label: label?.trim() ?? '',
    ...(key === '' ? {} : { name: key }),
    ...(field.type === 'CHOICE' ? { choices: choices ?? [] } : {}),
  };
}

/** One field definition as a row of inputs; `issuePath` is where the API reports its issues (e.g. "fields.0"). */
export function FieldDefinitionInputs({
  field,
  onChange,
  onRemove,
  error,
  issuePath,
}: {
  field: FieldDefinition;
  onChange(field: FieldDefinition): void;
  onRemove?: () => void;
  error?: unknown;
  issuePath?: string;
}) {
  const at = (name: string) => issueAt(error, issuePath ? `${issuePath}.${name}` : name);
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      <TextInput
        aria-label="Field label"
        placeholder="Label, e.g. first name"
        value={field.label ?? ''}
        onChange={(event) => onChange({ ...field, label: event.currentTarget.value })}
        error={at('label')}
        style={{ flex: 2 }}
        required
      />
      <Tooltip label="What templates use, as {{ first_name }}; made from the label when left empty" multiline w={260}>
        <TextInput
          aria-label="Field key"
          placeholder="Key (optional)"
          value={field.name ?? ''}
          onChange={(event) => onChange({ ...field, name: event.currentTarget.value })}
          error={at('name')}
          style={{ flex: 1.4 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      </Tooltip>
      <Select
        aria-label="Field type"
        data={typeOptions}
        value={field.type}
        onChange={(type) => onChange({ ...field, type: (type as FieldType | null) ?? 'TEXT' })}
        allowDeselect={false}
        error={at('type')}
        style={{ flex: 1.4 }}
      />
      {field.type === 'CHOICE' && (
        <TagsInput
          aria-label="Choices"
          placeholder="Choices (Enter after each)"
          value={field.choices ?? []}
          onChange={(choices) => onChange({ ...field, choices })}
          error={at('choices')}
          style={{ flex: 2 }}
        />
      )}
      <Checkbox
        label="Required"
        checked={field.required}
        onChange={(event) => onChange({ ...field, required: event.currentTarget.checked })}
        mt={8}
      />
      <Checkbox
        label="Unique"
        checked={field.unique}
        onChange={(event) => onChange({ ...field, unique: event.currentTarget.checked })}
        mt={8}
      />
      {onRemove && (
        <Tooltip label="Remove field">
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} mt={4} aria-label="Remove field">
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
