import { Anchor, Badge, Paper, Table, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useDatabaseImports } from '../../api/imports';
import type { ImportStatus } from '@herald/contracts';
import { formatDateTime, formatNumber } from '../../components/format';

export const IMPORT_STATUS_COLORS: Record<ImportStatus, string> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  DONE: 'teal',
  FAILED: 'red',
};
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  QUEUED: 'Waiting to start',
  RUNNING: 'Importing',
  DONE: 'Done',
  FAILED: 'Failed',
};

/** Earlier imports of the database, so a marketer can go back to an import's rejected rows. */
export function RecentImports({ databaseId }: { databaseId: number }) {
  const imports = useDatabaseImports(databaseId);
  if (!imports.data || imports.data.length === 0) return null;
  return (
    <Paper withBorder>
      <Title order={5} p="md" pb={0}>
        Earlier imports
      </Title>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Created</Table.Th>
            <Table.Th ta="right">Updated</Table.Th>
            <Table.Th ta="right">Rejected</Table.Th>
            <Table.Th>Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {imports.data.map((job) => (
            <Table.Tr key={job.id}>
              <Table.Td>
                <Anchor component={Link} to={`/databases/${databaseId}/imports/${job.id}`}>
                  {job.fileName || `Import #${job.id}`}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={IMPORT_STATUS_COLORS[job.status]}>
                  {IMPORT_STATUS_LABELS[job.status]}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(job.created)}</Table.Td>
              <Table.Td ta="right">{formatNumber(job.updated)}</Table.Td>
              <Table.Td ta="right">{formatNumber(job.rejected)}</Table.Td>
              <Table.Td>{formatDateTime(job.startedAt ?? job.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
