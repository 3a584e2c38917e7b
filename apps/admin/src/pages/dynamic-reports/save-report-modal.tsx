import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';

/** Asks a report's name and whether the account shares it, for "Save" of a new report and for "Save as". */
export function SaveReportModal({
  opened,
  title,
  initialName,
  initialShared = false,
  pending,
  error,
  onClose,
  onSave,
}: {
  opened: boolean;
  title: string;
  initialName: string;
  initialShared?: boolean;
  pending: boolean;
  error: unknown;
  onClose(): void;
  onSave(input: { name: string; shared: boolean }): void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close without saving' }}>
      {/* Mounted afresh each time it opens, so it starts from the name it is given. */}
      {opened && (
        <SaveReportForm
          initialName={initialName}
          initialShared={initialShared}
          pending={pending}
          error={error}
          onClose={onClose}
          onSave={onSave}
        />
      )}
    </Modal>
  );
}

function SaveReportForm({
  initialName,
  initialShared,
  pending,
  error,
  onClose,
  onSave,
}: {
  initialName: string;
  initialShared: boolean;
  pending: boolean;
  error: unknown;
  onClose(): void;
  onSave(input: { name: string; shared: boolean }): void;
}) {
  const [name, setName] = useState(initialName);
  const [shared, setShared] = useState(initialShared);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ name: name.trim(), shared });
      }}
    >
      <Stack>
        <TextInput
          label="Name"
          required
          maxLength={120}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={issueAt(error, 'name')}
          data-autofocus
        />
        <Checkbox
          label="Share with everyone in the account"
          checked={shared}
          onChange={(event) => setShared(event.currentTarget.checked)}
        />
        {!issueAt(error, 'name') && <ApiErrorAlert error={error} title="Could not save the report" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} disabled={!name.trim()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
