import { Button, Grid, Group, Paper, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useDatabase } from '../../api/databases';
import { useCreateSelection } from '../../api/selections';
import type { DatabaseDetail } from '../../api/types';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { ConditionGroupEditor } from './condition-builder';
import { completeTree, countIncomplete, newCondition, newGroup, type EditorGroup } from './condition-tree';
import { LiveCount } from './live-count';

function SelectionEditor({ database }: { database: DatabaseDetail }) {
  const navigate = useNavigate();
  const create = useCreateSelection(database.id);
  const [name, setName] = useState('');
  const [tree, setTree] = useState<EditorGroup>(() => newGroup('AND', [newCondition()]));
  const conditions = completeTree(tree);
  const incomplete = countIncomplete(tree);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), conditions },
      {
        onSuccess: (selection) => {
          notifications.show({ color: 'teal', message: `Selection “${selection.name}” saved` });
          navigate(`/databases/${database.id}/selections/${selection.id}`);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Databases', to: '/databases' },
          { label: database.name, to: `/databases/${database.id}/selections` },
          { label: 'New selection' },
        ]}
        title="New selection"
        description="Pick profiles by their addresses and field values. The selection is evaluated again every time it is used."
      />
      <form onSubmit={onSubmit}>
        <Grid>
          <Grid.Col span={{ base: 12, lg: 9 }}>
            <Stack>
              <Paper withBorder p="md">
                <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={issueAt(create.error, 'name')} maw={420} />
              </Paper>
              <ConditionGroupEditor group={tree} fields={database.fields} onChange={setTree} />
              <ApiErrorAlert error={create.error} title="Could not save the selection" />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate(`/databases/${database.id}/selections`)}>
                  Cancel
                </Button>
                <Button type="submit" loading={create.isPending} disabled={incomplete > 0}>
                  Save selection
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 3 }}>
            <div style={{ position: 'sticky', top: 72 }}>
              <LiveCount databaseId={database.id} conditions={conditions} incomplete={incomplete} />
            </div>
          </Grid.Col>
        </Grid>
      </form>
    </>
  );
}

export function NewSelectionPage() {
  const database = useDatabase(useIdParam('databaseId'));
  return <QueryState query={database}>{(db) => <SelectionEditor database={db} />}</QueryState>;
}
