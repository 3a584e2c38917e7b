import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCreateDatabase } from '../../api/databases';
import type { FieldDefinition } from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { cleanField, emptyField, FieldDefinitionInputs } from './field-definition-inputs';

export function CreateDatabaseModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const navigate = useNavigate();
  const create = useCreateDatabase();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [fields, setFields] = useState<FieldDefinition[]>([]);

  const close = () => {
    setName('');
    setDescription('');
    setFields([]);
    create.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), description: description.trim() || undefined, fields: fields.map(cleanField) },
      {
        onSuccess: (database) => {
          notifications.show({ color: 'teal', message: `Database “${database.name}” created` });
          close();
          navigate(`/databases/${database.id}`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New database" size="xl">
      <form onSubmit={onSubmit}>
        <Stack>
          <ApiErrorAlert error={create.error} title="Could not create the database" />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={issueAt(create.error, 'name')}
            data-autofocus
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={issueAt(create.error, 'description')}
          />
          <div>
            <Text fw={500} size="sm">
              Fields
            </Text>
            <Text c="dimmed" size="xs" mb="xs">
              Every profile has an email address, mobile number and fax number; add the other fields you keep on your
              profiles. You can add more later.
            </Text>
            <Stack gap="xs">
              {fields.map((field, index) => (
                <FieldDefinitionInputs
                  key={index}
                  field={field}
                  onChange={(changed) => setFields(fields.map((f, i) => (i === index ? changed : f)))}
                  onRemove={() => setFields(fields.filter((_, i) => i !== index))}
                  error={create.error}
                  issuePath={`fields.${index}`}
                />
              ))}
              <Group>
                <Button
                  variant="light"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setFields([...fields, emptyField()])}
                >
                  Add field
                </Button>
              </Group>
            </Stack>
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create database
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
