import { Anchor, Badge, Group, Pagination, Paper, Table, Text } from '@mantine/core';
import type { ErrorAction } from '@herald/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { useReportErrors } from '../../api/reports';
import { formatDateTime, formatValue } from '../../components/format';
import { QueryState } from '../../components/query-state';

const ACTION_LABELS: Record<ErrorAction, string> = {
  hard: 'hard: address disabled',
  soft: 'soft: counts towards disabling',
  'sender-side': 'sender-side: not held against the address',
  compose: 'could not be made',
};
const ACTION_COLORS: Record<ErrorAction, string> = {
  hard: 'red',
  soft: 'yellow',
  'sender-side': 'blue',
  compose: 'gray',
};

export function ErrorsPanel({ mailingId }: { mailingId: number }) {
  const [page, setPage] = useState(1);
  const errors = useReportErrors(mailingId, page);
  return (
    <QueryState query={errors}>
      {(result) => (
        <Paper withBorder>
          <Table verticalSpacing="xs" aria-label="Errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Code</Table.Th>
                <Table.Th>Text</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.items.map((error) => (
                <Table.Tr key={error.id} data-testid="error-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/profiles/${error.destination.profileId}`} size="sm">
                      {error.destination.address}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      size="sm"
                      color={error.action ? ACTION_COLORS[error.action] : 'gray'}
                      data-testid="error-action"
                    >
                      {error.action ? ACTION_LABELS[error.action] : formatValue(error.kind?.toLowerCase())}
                    </Badge>
                  </Table.Td>
                  <Table.Td ff="monospace" data-testid="error-reason">
                    {formatValue(error.reason)}
                  </Table.Td>
                  <Table.Td ff="monospace">{formatValue(error.code)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-word' }}>
                      {formatValue(error.text)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(error.occurredAt)}</Table.Td>
                </Table.Tr>
              ))}
              {result.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" ta="center" py="md">
                      No errors registered.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" p="sm">
            <Text size="sm" c="dimmed">
              Hard errors (the address does not exist) disable the address for later mailings; repeated soft errors do
              too. Sender-side errors (our authentication, reputation or rate) are never held against the address.
            </Text>
            {result.total > result.pageSize && (
              <Pagination total={Math.ceil(result.total / result.pageSize)} value={page} onChange={setPage} size="sm" />
            )}
          </Group>
        </Paper>
      )}
    </QueryState>
  );
}
