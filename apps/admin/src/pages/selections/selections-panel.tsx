import { Anchor, Button, Group, Loader, Paper, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSelectionCount, useSelections } from '../../api/selections';
import type { DatabaseDetailResponse as DatabaseDetail } from '@herald/contracts';
import { formatDateTime, formatNumber } from '../../components/format';
import { QueryState } from '../../components/query-state';

function SelectionCount({ id }: { id: number }) {
  const count = useSelectionCount(id);
  if (count.isPending) return <Loader size="xs" />;
  if (count.isError)
    return (
      <Text c="red" size="sm">
        error
      </Text>
    );
  return <>{formatNumber(count.data)}</>;
}

export function SelectionsPanel({ database }: { database: DatabaseDetail }) {
  const selections = useSelections(database.id);
  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button leftSection={<IconPlus size={16} />} component={Link} to={`/databases/${database.id}/selections/new`}>
          New selection
        </Button>
      </Group>
      <QueryState query={selections}>
        {(list) => (
          <Paper withBorder>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Selection</Table.Th>
                  <Table.Th ta="right">Profiles</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((selection) => (
                  <Table.Tr key={selection.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/databases/${database.id}/selections/${selection.id}`} fw={500}>
                        {selection.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      <SelectionCount id={selection.id} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(selection.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
                {list.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={3}>
                      <Text c="dimmed" ta="center" py="md">
                        No selections yet. A selection picks the profiles that match its conditions, re-evaluated each
                        time it is used.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryState>
    </>
  );
}
