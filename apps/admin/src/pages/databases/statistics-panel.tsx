import { AreaChart, BarChart } from '../../components/charts';
import { Anchor, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDatabaseStatistics } from '../../api/reports';
import type { DatabaseDetailResponse as DatabaseDetail } from '@herald/contracts';
import { utcDayRange } from '../../components/day-range';
import { formatDateTime, formatNumber, toDateInput } from '../../components/format';
import { QueryState } from '../../components/query-state';

const DAY = 86_400_000;

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`statistics-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

/** The database over time: profiles added and removed per day, the total, and what was sent to it. */
export function StatisticsPanel({ database }: { database: DatabaseDetail }) {
  const [from, setFrom] = useState(() => toDateInput(new Date(Date.now() - 30 * DAY)));
  const [to, setTo] = useState(() => toDateInput(new Date()));
  const range = utcDayRange(from, to);
  const statistics = useDatabaseStatistics(database.id, range.from, range.to);
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput
          label="From"
          type="date"
          value={from}
          max={to}
          onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)}
          w={180}
        />
        <TextInput
          label="To"
          type="date"
          value={to}
          min={from}
          onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)}
          w={180}
        />
      </Group>
      <QueryState query={statistics}>
        {(data) => (
          <Stack>
            <SimpleGrid cols={{ base: 2, sm: 5 }}>
              <Figure label="Profiles" value={data.total} />
              <Figure label="Unsubscribed" value={data.unsubscribed} />
              <Figure label="Disabled" value={data.disabled} />
              <Figure label="Mailings sent" value={data.mailingsSent} />
              <Figure label="Messages sent" value={data.messagesSent} />
            </SimpleGrid>
            <Grid>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Paper withBorder p="md">
                  <Title order={5} mb="sm">
                    Profiles added and removed per day
                  </Title>
                  <BarChart
                    h={240}
                    data={data.days}
                    dataKey="date"
                    series={[
                      { name: 'added', label: 'Added', color: 'teal.6' },
                      { name: 'removed', label: 'Removed', color: 'red.6' },
                    ]}
                    withLegend
                    tickLine="y"
                    yAxisProps={{ allowDecimals: false }}
                  />
                </Paper>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Paper withBorder p="md">
                  <Title order={5} mb="sm">
                    Profiles in total
                  </Title>
                  <AreaChart
                    h={240}
                    data={data.days}
                    dataKey="date"
                    series={[{ name: 'total', label: 'Profiles', color: 'indigo.6' }]}
                    curveType="stepAfter"
                    tickLine="y"
                    yAxisProps={{ allowDecimals: false }}
                    withDots={false}
                  />
                </Paper>
              </Grid.Col>
            </Grid>
            <Paper withBorder>
              <Title order={5} p="md" pb="xs">
                Mailings sent to this database in the time frame
              </Title>
              <Table verticalSpacing="xs" aria-label="Mailings sent">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Mailing</Table.Th>
                    <Table.Th>Sent</Table.Th>
                    <Table.Th ta="right">Messages</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.mailings.map((mailing) => (
                    <Table.Tr key={mailing.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/mailings/${mailing.id}/report`} size="sm">
                          {mailing.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(mailing.sentAt)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(mailing.sent)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {data.mailings.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={3}>
                        <Text c="dimmed" ta="center" py="md">
                          No mailing was sent to this database in the time frame.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Paper>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
