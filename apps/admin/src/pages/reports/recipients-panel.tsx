import { Anchor, Badge, Group, Pagination, Paper, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMailing } from '../../api/mailings';
import { useReportRecipients } from '../../api/reports';
import type { DominantResult } from '@herald/contracts';
import { formatDateTime, formatNumber } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { ExportMenu } from './export-menu';
import { DOMINANT_COLORS, DOMINANT_LABELS, dominantResultOptions } from './report-figures';

const badgeColor = (result: DominantResult) => DOMINANT_COLORS[result].split('.')[0];

export function RecipientsPanel({ mailingId }: { mailingId: number }) {
  const [result, setResult] = useState<DominantResult | undefined>(undefined);
  const [page, setPage] = useState(1);
  // The mailing's own query polls while it sends; its status drives the list's refresh.
  const mailing = useMailing(mailingId);
  const recipients = useReportRecipients(mailing.data, result, page);
  return (
    <Paper withBorder>
      <Group justify="space-between" p="md" pb="xs">
        <Select
          label="Dominant result"
          aria-label="Dominant result"
          placeholder="All results"
          clearable
          data={dominantResultOptions()}
          value={result ?? null}
          onChange={(value) => {
            setResult((value as DominantResult | null) ?? undefined);
            setPage(1);
          }}
          w={220}
        />
        <ExportMenu mailingId={mailingId} result={result} only="recipients" />
      </Group>
      <QueryState query={recipients}>
        {(data) => (
          <>
            <Table verticalSpacing="xs" aria-label="Recipients">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Dominant result</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Opened</Table.Th>
                  <Table.Th>Clicked</Table.Th>
                  <Table.Th>Error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((recipient) => (
                  <Table.Tr key={recipient.destinationId} data-testid="recipient-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/profiles/${recipient.profileId}`} size="sm">
                        {recipient.address}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" size="sm" color={badgeColor(recipient.dominantResult)}>
                        {DOMINANT_LABELS[recipient.dominantResult]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(recipient.sentAt)}</Table.Td>
                    <Table.Td>{formatDateTime(recipient.openedAt)}</Table.Td>
                    <Table.Td>{formatDateTime(recipient.clickedAt)}</Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {recipient.lastError
                          ? `${recipient.lastError.code ?? recipient.lastError.kind} ${recipient.lastError.text ?? ''}`
                          : '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Text c="dimmed" ta="center" py="md">
                        No recipient has this result.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
            <Group justify="space-between" p="sm">
              <Text size="sm" c="dimmed">
                {formatNumber(data.total)} {data.total === 1 ? 'recipient' : 'recipients'}
              </Text>
              {data.total > data.pageSize && (
                <Pagination total={Math.ceil(data.total / data.pageSize)} value={page} onChange={setPage} size="sm" />
              )}
            </Group>
          </>
        )}
      </QueryState>
    </Paper>
  );
}
