import { Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useAddField } from '../../api/databases';
import type { DatabaseDetailResponse as DatabaseDetail, FieldDefinition } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { cleanField, emptyField, FieldDefinitionInputs, FIELD_TYPE_LABELS } from './field-definition-inputs';

export function FieldsPanel({ database }: { database: DatabaseDetail }) {
  const add = useAddField(database.id);
  const [field, setField] = useState<FieldDefinition>(emptyField);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(cleanField(field), {
      onSuccess: (added) => {
        notifications.show({
          color: 'teal',
          message: `Field “${added.label}” added; templates use {{ ${added.name} }}`,
        });
        setField(emptyField());
      },
    });
  };

  return (
    <Stack>
      <Paper withBorder>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Rules</Table.Th>
              <Table.Th>Choices</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {database.fields.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Text fw={500} size="sm">
                    {f.label}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace" title="The key templates, selections and imports use">
                    {`{{ ${f.name} }}`}
                  </Text>
                </Table.Td>
                <Table.Td>{FIELD_TYPE_LABELS[f.type]}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {f.required && (
                      <Badge variant="light" size="sm">
                        required
                      </Badge>
                    )}
                    {f.unique && (
                      <Badge variant="light" color="grape" size="sm">
                        unique
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td c="dimmed">{f.choices.join(', ') || '—'}</Table.Td>
              </Table.Tr>
            ))}
            {database.fields.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" ta="center" py="md">
                    No fields yet: profiles have only their email address, mobile and fax number.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            <Text fw={500}>Add a field</Text>
            <ApiErrorAlert error={add.error} title="Could not add the field" />
            <FieldDefinitionInputs field={field} onChange={setField} error={add.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending}>
                Add field
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
