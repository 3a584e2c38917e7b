import { Alert, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useDatabase } from '../../api/databases';
import { useSelectionCount, useSelectionPreview, useSelections } from '../../api/selections';
import type { DatabaseDetail, Selection } from '../../api/types';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { ProfilesTable } from '../profiles/profiles-table';
import { ConditionGroupEditor } from './condition-builder';
import { toEditor } from './condition-tree';

function SelectionDetail({ database, selection }: { database: DatabaseDetail; selection: Selection }) {
  const [page, setPage] = useState(1);
  const count = useSelectionCount(selection.id);
  const preview = useSelectionPreview(selection.id, page);
  const tree = useMemo(() => toEditor(selection.conditions), [selection.conditions]);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Databases', to: '/databases' },
          { label: database.name, to: `/databases/${database.id}/selections` },
          { label: selection.name },
        ]}
        title={selection.name}
        description={`Created ${formatDateTime(selection.createdAt)}`}
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Stack>
            <ConditionGroupEditor group={tree} fields={database.fields} onChange={() => undefined} readOnly />
            <Title order={5}>Matching profiles now</Title>
            <QueryState query={preview}>
              {(result) => <ProfilesTable page={result} fields={database.fields} onPageChange={setPage} emptyText="No profile matches this selection now." />}
            </QueryState>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Matching profiles
            </Text>
            <Text size="32px" fw={700}>
              {count.data === undefined ? '—' : formatNumber(count.data)}
            </Text>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}

function SelectionOfDatabase({ database, selectionId }: { database: DatabaseDetail; selectionId: number }) {
  const selections = useSelections(database.id);
  return (
    <QueryState query={selections}>
      {(list) => {
        const selection = list.find((s) => s.id === selectionId);
        return selection ? (
          <SelectionDetail database={database} selection={selection} />
        ) : (
          <Alert color="red" title="Selection not found">
            This database has no selection {selectionId}.
          </Alert>
        );
      }}
    </QueryState>
  );
}

export function SelectionPage() {
  const database = useDatabase(useIdParam('databaseId'));
  const selectionId = useIdParam('selectionId');
  return <QueryState query={database}>{(db) => <SelectionOfDatabase database={db} selectionId={selectionId} />}</QueryState>;
}
