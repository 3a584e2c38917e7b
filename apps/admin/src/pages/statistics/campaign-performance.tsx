import { Anchor, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCampaignEmailPerformance } from '../../api/reports';
import type { CampaignEmailPerformanceRow } from '@herald/contracts';
import { formatDateTime, formatNumber, formatPercent, toDateInput } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';

const DAY = 86_400_000;

/** A local date as the first or the last moment of that day, in ISO 8601. */
function boundary(date: string, end: boolean): string {
  const moment = new Date(`${date}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(moment.getTime()) ? '' : moment.toISOString();
}

function CountAndRate({ count, rate }: { count: number; rate: number | null }) {
  return (
    <>
      {formatNumber(count)}{' '}
      <Text span size="xs" c="dimmed">
        {formatPercent(rate)}
      </Text>
    </>
  );
}

/** A column's name with what its rate divides by under it (Marketo's bases: sends, then delivered ones). */
function Head({ label, base }: { label: string; base?: string }) {
  return (
    <Table.Th ta="right">
      {label}
      {base && (
        <Text size="xs" c="dimmed" fw={400} data-testid={`campaign-base-${label}`}>
          {base}
        </Text>
      )}
    </Table.Th>
  );
}

function PerformanceRow({ row }: { row: CampaignEmailPerformanceRow }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/mailings/${row.mailing.id}/report`} size="sm" fw={500}>
          {row.mailing.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {formatDateTime(row.mailing.sentAt)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{formatNumber(row.sent)}</Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.delivered} rate={row.rates.delivered} />
      </Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.hardBounced} rate={row.rates.hardBounced} />
      </Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.softBounced} rate={row.rates.softBounced} />
      </Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.pending} rate={row.rates.pending} />
      </Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.opened} rate={row.rates.opened} />
      </Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.clicked} rate={row.rates.clicked} />
      </Table.Td>
      <Table.Td ta="right">{formatPercent(row.rates.clickToOpen)}</Table.Td>
      <Table.Td ta="right">
        <CountAndRate count={row.unsubscribed} rate={row.rates.unsubscribed} />
      </Table.Td>
      <Table.Td ta="right" c="dimmed">
        {formatNumber(row.machine.impressions)} / {formatNumber(row.machine.clicks)}
      </Table.Td>
    </Table.Tr>
  );
}

/** Marketo's campaign email performance: per mailing sent in the time frame. */
export function CampaignPerformance() {
  const [from, setFrom] = useState(() => toDateInput(new Date(Date.now() - 30 * DAY)));
  const [to, setTo] = useState(() => toDateInput(new Date()));
  const report = useCampaignEmailPerformance(boundary(from, false), boundary(to, true));
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput
          label="From"
          type="date"
          value={from}
          max={to}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={180}
        />
        <TextInput
          label="To"
          type="date"
          value={to}
          min={from}
          onChange={(e) => setTo(e.currentTarget.value)}
          w={180}
        />
        <Text size="xs" c="dimmed" maw={520}>
          A click counts as an open; delivered is sent minus bounced; pending is not yet handed over or not yet known.
          Opened, clicked and unsubscribed are shares of delivered, click-to-open of opened.
        </Text>
      </Group>
      <QueryState query={report}>
        {(data) => (
          <Paper withBorder>
            <TableScroll minWidth={960}>
              <Table verticalSpacing="xs" aria-label="Campaign email performance">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Mailing</Table.Th>
                    <Head label="Sent" />
                    <Head label="Delivered" base="% of sent" />
                    <Head label="Hard bounced" base="% of sent" />
                    <Head label="Soft bounced" base="% of sent" />
                    <Head label="Pending" base="% of sent" />
                    <Head label="Opened" base="% of delivered" />
                    <Head label="Clicked" base="% of delivered" />
                    <Head label="Click-to-open" base="clicked / opened" />
                    <Head label="Unsubscribed" base="% of delivered" />
                    <Head label="Machines" base="opens / clicks, not counted" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((row) => (
                    <PerformanceRow key={row.mailing.id} row={row} />
                  ))}
                  {data.rows.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={11}>
                        <Text c="dimmed" ta="center" py="md">
                          No mailing was sent in this time frame.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </Paper>
        )}
      </QueryState>
    </Stack>
  );
}
