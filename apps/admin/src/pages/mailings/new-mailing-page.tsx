import {
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDatabase, useDatabases } from '../../api/databases';
import { useDocuments } from '../../api/documents';
import { useCreateMailing } from '../../api/mailings';
import { useSelections } from '../../api/selections';
import type { TargetType } from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';

const TARGETS: Array<{ value: TargetType; label: string }> = [
  { value: 'DATABASE', label: 'Database' },
  { value: 'COLLECTION', label: 'Collection' },
  { value: 'SELECTION', label: 'Selection' },
];

const idOf = (value: string | null): number | null => (value ? Number(value) : null);

function CollectionSelect({
  databaseId,
  value,
  onChange,
  error,
}: {
  databaseId: number;
  value: number | null;
  onChange(id: number | null): void;
  error?: string;
}) {
  const database = useDatabase(databaseId);
  const data = (database.data?.collections ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  return (
    <Select
      label="Collection"
      required
      placeholder={
        database.isPending ? 'Loading…' : data.length ? 'Choose a collection' : 'This database has no collections'
      }
      data={data}
      value={value === null ? null : String(value)}
      onChange={(next) => onChange(idOf(next))}
      error={error}
      searchable
    />
  );
}

function SelectionSelect({
  databaseId,
  value,
  onChange,
  error,
}: {
  databaseId: number;
  value: number | null;
  onChange(id: number | null, overCollection: boolean): void;
  error?: string;
}) {
  const selections = useSelections(databaseId);
  const list = selections.data ?? [];
  return (
    <Select
      label="Selection"
      required
      placeholder={
        selections.isPending ? 'Loading…' : list.length ? 'Choose a selection' : 'This database has no selections'
      }
      data={list.map((s) => ({ value: String(s.id), label: s.name }))}
      value={value === null ? null : String(value)}
      onChange={(next) => {
        const id = idOf(next);
        onChange(id, list.find((s) => s.id === id)?.collectionId != null);
      }}
      error={error}
      searchable
    />
  );
}

export function NewMailingPage() {
  const navigate = useNavigate();
  const create = useCreateMailing();
  const documents = useDocuments();
  const databases = useDatabases();
  const [name, setName] = useState('');
  const [documentId, setDocumentId] = useState<number | null>(null);
  const [targetType, setTargetType] = useState<TargetType>('DATABASE');
  const [databaseId, setDatabaseId] = useState<number | null>(null);
  const [collectionId, setCollectionId] = useState<number | null>(null);
  const [selectionId, setSelectionId] = useState<number | null>(null);
  const [selectionOverCollection, setSelectionOverCollection] = useState(false);
  const [trackingEnabled, setTrackingEnabled] = useState(true);
  const [skipDuplicates, setSkipDuplicates] = useState(true);
  const [maxPerMinute, setMaxPerMinute] = useState<number | ''>('');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        documentId: documentId ?? 0,
        targetType,
        databaseId: targetType === 'DATABASE' ? (databaseId ?? undefined) : undefined,
        collectionId: targetType === 'COLLECTION' ? (collectionId ?? undefined) : undefined,
        selectionId: targetType === 'SELECTION' ? (selectionId ?? undefined) : undefined,
        toSubprofiles: targetType === 'COLLECTION' || (targetType === 'SELECTION' && selectionOverCollection),
        settings: { trackingEnabled, skipDuplicates, maxPerMinute: maxPerMinute === '' ? null : maxPerMinute },
      },
      {
        onSuccess: (mailing) => {
          notifications.show({ color: 'teal', message: `Mailing “${mailing.name}” created as a draft` });
          navigate(`/mailings/${mailing.id}`);
        },
      },
    );
  };

  const documentOptions = (documents.data ?? []).map((d) => ({ value: String(d.id), label: d.name }));
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Mailings', to: '/mailings' }, { label: 'New mailing' }]}
        title="New mailing"
        description="A mailing starts as a draft: nothing is sent until you send it."
      />
      <form onSubmit={onSubmit}>
        <Stack maw={720}>
          <ApiErrorAlert error={create.error} title="Could not create the mailing" />
          <Paper withBorder p="md">
            <Stack>
              <TextInput
                label="Name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={issueAt(create.error, 'name')}
                data-autofocus
              />
              <Select
                label="Document"
                required
                searchable
                placeholder={
                  documents.isPending ? 'Loading…' : documentOptions.length ? 'Choose a document' : 'No documents yet'
                }
                data={documentOptions}
                value={documentId === null ? null : String(documentId)}
                onChange={(value) => setDocumentId(idOf(value))}
                error={issueAt(create.error, 'documentId')}
                description={
                  documentOptions.length === 0 && !documents.isPending ? (
                    <Text size="xs" span>
                      <Link to="/mailings/documents/new">Write a document</Link> first.
                    </Text>
                  ) : undefined
                }
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack>
              <Title order={5}>Target</Title>
              <SegmentedControl
                data={TARGETS}
                value={targetType}
                onChange={(value) => setTargetType(value as TargetType)}
              />
              <Select
                label="Database"
                required
                searchable
                data={(databases.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
                value={databaseId === null ? null : String(databaseId)}
                onChange={(value) => {
                  setDatabaseId(idOf(value));
                  setCollectionId(null);
                  setSelectionId(null);
                }}
                error={issueAt(create.error, 'databaseId')}
              />
              {targetType === 'COLLECTION' && databaseId !== null && (
                <CollectionSelect
                  databaseId={databaseId}
                  value={collectionId}
                  onChange={setCollectionId}
                  error={issueAt(create.error, 'collectionId')}
                />
              )}
              {targetType === 'SELECTION' && databaseId !== null && (
                <SelectionSelect
                  databaseId={databaseId}
                  value={selectionId}
                  onChange={(id, overCollection) => {
                    setSelectionId(id);
                    setSelectionOverCollection(overCollection);
                  }}
                  error={issueAt(create.error, 'selectionId')}
                />
              )}
              <Text size="xs" c="dimmed">
                {targetType === 'DATABASE' && 'Every profile of the database that is not unsubscribed or disabled.'}
                {targetType === 'COLLECTION' &&
                  'Every subprofile of the collection whose profile is not unsubscribed or disabled.'}
                {targetType === 'SELECTION' && 'The profiles that match the selection at the moment of sending.'}
              </Text>
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack>
              <Title order={5}>Settings</Title>
              <Switch
                label="Track opens and clicks"
                checked={trackingEnabled}
                onChange={(e) => setTrackingEnabled(e.currentTarget.checked)}
              />
              <Switch
                label="Send once to addresses that occur more than once"
                checked={skipDuplicates}
                onChange={(e) => setSkipDuplicates(e.currentTarget.checked)}
              />
              <NumberInput
                label="Maximum messages a minute"
                description="Leave empty to send as fast as the mail server takes them; at least 100."
                min={100}
                step={100}
                allowDecimal={false}
                value={maxPerMinute}
                onChange={(value) => setMaxPerMinute(typeof value === 'number' ? value : '')}
                error={issueAt(create.error, 'settings.maxPerMinute')}
                w={280}
              />
            </Stack>
          </Paper>
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/mailings">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create draft
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
