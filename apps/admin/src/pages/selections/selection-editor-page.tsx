import { Button, Grid, Group, Paper, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useDatabase } from '../../api/databases';
import { useCreateSelection, useSelection, useUpdateSelection } from '../../api/selections';
import type { DatabaseDetailResponse as DatabaseDetail, SelectionResponse as Selection } from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { ConditionGroupEditor } from './condition-builder';
import { completeTree, countIncomplete, newCondition, newGroup, toEditor, type EditorGroup } from './condition-tree';
import { LiveCount } from './live-count';

/** Creates a selection, or changes one when `selection` is given. */
function SelectionEditor({ database, selection }: { database: DatabaseDetail; selection?: Selection }) {
  const navigate = useNavigate();
  const create = useCreateSelection(database.id);
  const update = useUpdateSelection(selection?.id ?? 0, database.id);
  const save = selection ? update : create;
  const [name, setName] = useState(selection?.name ?? '');
  const [tree, setTree] = useState<EditorGroup>(() =>
    selection ? toEditor(selection.conditions) : newGroup('AND', [newCondition(undefined, database.fields)]),
  );
  const conditions = completeTree(tree);
  const incomplete = countIncomplete(tree);
  const back = selection
    ? `/databases/${database.id}/selections/${selection.id}`
    : `/databases/${database.id}/selections`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { name: name.trim(), conditions },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: `Selection “${saved.name}” saved` });
          navigate(`/databases/${database.id}/selections/${saved.id}`);
        },
      },
    );
  };

  // Beside the conditions on a wide screen; on a narrow one just above Save, where the decision is made.
  const wide = useMediaQuery('(min-width: 75em)', true);
  const liveCount = <LiveCount databaseId={database.id} conditions={conditions} incomplete={incomplete} />;
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Databases', to: '/databases' },
          { label: database.name, to: `/databases/${database.id}/selections` },
          ...(selection ? [{ label: selection.name, to: back }] : []),
          { label: selection ? 'Edit' : 'New selection' },
        ]}
        title={selection ? `Edit ${selection.name}` : 'New selection'}
        description="Pick profiles by their fields and by what they did with earlier mailings. The selection is evaluated again every time it is used."
      />
      <form onSubmit={onSubmit}>
        <Grid>
          <Grid.Col span={{ base: 12, lg: 9 }}>
            <Stack>
              <Paper withBorder p="md">
                <TextInput
                  label="Name"
                  required
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  error={issueAt(save.error, 'name')}
                  maw={420}
                />
              </Paper>
              <ConditionGroupEditor group={tree} fields={database.fields} onChange={setTree} />
              <ApiErrorAlert error={save.error} title="Could not save the selection" />
              {!wide && liveCount}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate(back)}>
                  Cancel
                </Button>
                <Button type="submit" loading={save.isPending} disabled={incomplete > 0}>
                  Save selection
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
          {wide && (
            <Grid.Col span={3}>
              <div style={{ position: 'sticky', top: 72 }}>{liveCount}</div>
            </Grid.Col>
          )}
        </Grid>
      </form>
    </>
  );
}

export function NewSelectionPage() {
  const database = useDatabase(useIdParam('databaseId'));
  return <QueryState query={database}>{(db) => <SelectionEditor database={db} />}</QueryState>;
}

export function EditSelectionPage() {
  const database = useDatabase(useIdParam('databaseId'));
  const selection = useSelection(useIdParam('selectionId'));
  return (
    <QueryState query={database}>
      {(db) => (
        <QueryState query={selection}>{(s) => <SelectionEditor key={s.id} database={db} selection={s} />}</QueryState>
      )}
    </QueryState>
  );
}
