import { NumberInput, Select, Switch, TextInput } from '@mantine/core';
import type { FieldResponse as Field } from '@herald/contracts';
import type { FieldValue } from '../../api/profiles';

/** The input that fits a field's type; the value goes to the API as the type's JSON value. */
export function FieldValueInput({
  field,
  value,
  onChange,
  error,
}: {
  field: Field;
  value: FieldValue | undefined;
  onChange(value: FieldValue): void;
  error?: string;
}) {
  const common = { label: field.label, required: field.required, error };
  switch (field.type) {
    case 'NUMBER':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(next) => onChange(next === '' ? null : typeof next === 'number' ? next : Number(next))}
        />
      );
    case 'BOOLEAN':
      return (
        <Switch
          label={field.label}
          error={error}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
          mt="lg"
        />
      );
    case 'CHOICE':
      return (
        <Select
          {...common}
          data={field.choices ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next)}
          clearable
        />
      );
    case 'DATE':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value.slice(0, 10) : ''}
          onChange={(event) => onChange(event.currentTarget.value || null)}
        />
      );
    case 'EMAIL':
    case 'PHONE':
    case 'TEXT':
      return (
        <TextInput
          {...common}
          type={field.type === 'EMAIL' ? 'email' : field.type === 'PHONE' ? 'tel' : 'text'}
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(event) => onChange(event.currentTarget.value === '' ? null : event.currentTarget.value)}
        />
      );
  }
}
