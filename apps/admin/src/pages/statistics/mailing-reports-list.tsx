import { Anchor, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useMailings } from '../../api/mailings';
import { formatDateTime, formatNumber } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { MailingStatusBadge } from '../mailings/mailing-status-badge';

/** Every mailing that went out (or began to), each with a link to its report. */
export function MailingReportsList() {
  const mailings = useMailings();
  return (
    <QueryState query={mailings}>
      {(list) => {
        const sent = list.filter((m) => m.status !== 'DRAFT' && m.status !== 'SCHEDULED');
        return (
          <Paper withBorder>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Mailing reports">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Mailing</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Sent</Table.Th>
                  <Table.Th>Started</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sent.map((mailing) => (
                  <Table.Tr key={mailing.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/mailings/${mailing.id}/report`} fw={500}>
                        {mailing.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <MailingStatusBadge status={mailing.status} />
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(mailing.progress.sent)}</Table.Td>
                    <Table.Td>{formatDateTime(mailing.startedAt ?? mailing.queuedAt)}</Table.Td>
                  </Table.Tr>
                ))}
                {sent.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <Text c="dimmed" ta="center" py="md">
                        No mailing has been sent yet.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Paper>
        );
      }}
    </QueryState>
  );
}
