import { Button, Grid, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDatabase } from '../../api/databases';
import { useDeleteSelection, useSelection, useSelectionCount, useSelectionPreview } from '../../api/selections';
import type { DatabaseDetailResponse as DatabaseDetail, SelectionResponse as Selection } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { ProfilesTable } from '../profiles/profiles-table';
import { ConditionSummary } from './condition-summary-view';

function DeleteSelectionButton({ database, selection }: { database: DatabaseDetail; selection: Selection }) {
  const [confirming, { open, close }] = useDisclosure(false);
  const remove = useDeleteSelection(selection.id, database.id);
  const navigate = useNavigate();
  return (
    <>
      <Button variant="default" leftSection={<IconTrash size={16} />} onClick={open}>
        Delete
      </Button>
      <Modal opened={confirming} onClose={close} title="Delete selection">
        <Stack>
          <Text size="sm">
            Delete “{selection.name}”? Profiles are not touched; mailings that target it can no longer be sent.
          </Text>
          <ApiErrorAlert error={remove.error} title="Could not delete the selection" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: `Selection “${selection.name}” deleted` });
                    navigate(`/databases/${database.id}/selections`);
                  },
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function SelectionDetail({ database, selection }: { database: DatabaseDetail; selection: Selection }) {
  const [page, setPage] = useState(1);
  const count = useSelectionCount(selection.id);
  const preview = useSelectionPreview(selection.id, page);
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
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconPencil size={16} />}
              component={Link}
              to={`/databases/${database.id}/selections/${selection.id}/edit`}
            >
              Edit
            </Button>
            <DeleteSelectionButton database={database} selection={selection} />
          </>
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Stack>
            <ConditionSummary conditions={selection.conditions} fields={database.fields} />
            <Title order={5}>Matching profiles now</Title>
            <QueryState query={preview}>
              {(result) => (
                <ProfilesTable
                  page={result}
                  fields={database.fields}
                  onPageChange={setPage}
                  emptyText="No profile matches this selection now."
                />
              )}
            </QueryState>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Matching profiles
            </Text>
            <Text size="32px" fw={700} data-testid="selection-count">
              {count.data === undefined ? '—' : formatNumber(count.data)}
            </Text>
            {count.isError && <ApiErrorAlert error={count.error} title="Could not count" />}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}

export function SelectionPage() {
  const database = useDatabase(useIdParam('databaseId'));
  const selection = useSelection(useIdParam('selectionId'));
  return (
    <QueryState query={database}>
      {(db) => <QueryState query={selection}>{(s) => <SelectionDetail database={db} selection={s} />}</QueryState>}
    </QueryState>
  );
}
