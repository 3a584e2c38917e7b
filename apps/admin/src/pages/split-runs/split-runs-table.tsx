import { Anchor, Badge, Paper, Table, Text, Title } from '@mantine/core';
import type { SplitRunResponse } from '@herald/contracts';
import { Link } from 'react-router';
import { useSplitRuns } from '../../api/split-runs';
import { formatDateTime } from '../../components/format';

export const SPLIT_RUN_STATUS_WORDS: Record<SplitRunResponse['status'], string> = {
  DRAFT: 'Not started',
  TESTING: 'Testing',
  WAITING: 'Waiting',
  DECIDED: 'Winner sent',
  FINISHED: 'Finished',
  CANCELLED: 'Stopped',
};

/** The account's split-runs above its mailings (each variant is a mailing of its own below), or nothing when none. */
export function SplitRunsTable() {
  const runs = useSplitRuns();
  if (!runs.data?.length) return null;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        Split-runs
      </Title>
      <Table highlightOnHover aria-label="Split-runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Variants</Table.Th>
            <Table.Th>Starts or started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.data.map((run) => (
            <Table.Tr key={run.id}>
              <Table.Td>
                <Anchor component={Link} to={`/mailings/split-runs/${run.id}`}>
                  {run.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={run.status === 'CANCELLED' ? 'orange' : 'blue'}>
                  {SPLIT_RUN_STATUS_WORDS[run.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{run.variants.map((v) => v.label).join(', ')}</Text>
              </Table.Td>
              <Table.Td>{formatDateTime(run.scheduledAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
