import { Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WebsiteResponse as Website } from '@herald/contracts';
import { useWebsite, useWebsiteReport } from '../../api/websites';
import { BarChart } from '../../components/charts';
import { formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { useIdParam } from '../../components/use-id-param';

const DAY_MS = 86_400_000;
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

function Report({ website }: { website: Website }) {
  const [to, setTo] = useState(() => isoDate(new Date()));
  const [from, setFrom] = useState(() => isoDate(new Date(Date.now() - 29 * DAY_MS)));
  const report = useWebsiteReport(website.id, from, to);
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <QueryState query={report}>
        {(data) => (
          <Stack>
            <SimpleGrid cols={{ base: 2, sm: 3 }}>
              <Figure label="Page views" value={data.totals.views} testId="website-views" />
              <Figure label="Unique visitors" value={data.totals.visitors} testId="website-visitors" />
              <Figure
                label="Views from mailings"
                value={data.mailings.reduce((sum, m) => sum + m.views, 0)}
                testId="website-mailing-views"
              />
            </SimpleGrid>
            <Paper withBorder p="md">
              <Title order={3} size="h5" mb="sm">
                Views and visitors per day
              </Title>
              <BarChart
                h={220}
                data={data.days}
                dataKey="date"
                series={[
                  { name: 'views', label: 'Views', color: 'blue.6' },
                  { name: 'visitors', label: 'Visitors', color: 'teal.6' },
                ]}
              />
            </Paper>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Paper withBorder p="md">
                <Title order={3} size="h5" mb="sm">
                  Top pages
                </Title>
                <TableScroll minWidth={320}>
                  <Table aria-label="Top pages">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Page</Table.Th>
                        <Table.Th ta="right">Views</Table.Th>
                        <Table.Th ta="right">Visitors</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.pages.map((page) => (
                        <Table.Tr key={page.path}>
                          <Table.Td style={{ overflowWrap: 'anywhere' }}>{page.path}</Table.Td>
                          <Table.Td ta="right">{formatNumber(page.views)}</Table.Td>
                          <Table.Td ta="right">{formatNumber(page.visitors)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </TableScroll>
              </Paper>
              <Paper withBorder p="md">
                <Title order={3} size="h5" mb="sm">
                  Visits from mailings
                </Title>
                <TableScroll minWidth={320}>
                  <Table aria-label="Visits from mailings">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Mailing</Table.Th>
                        <Table.Th ta="right">Views</Table.Th>
                        <Table.Th ta="right">Recipients</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.mailings.map((m) => (
                        <Table.Tr key={m.mailingId}>
                          <Table.Td>
                            <Link to={`/mailings/${m.mailingId}`}>{m.name}</Link>
                          </Table.Td>
                          <Table.Td ta="right">{formatNumber(m.views)}</Table.Td>
                          <Table.Td ta="right">{formatNumber(m.profiles)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </TableScroll>
              </Paper>
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

export function WebsitePage() {
  const id = useIdParam('websiteId');
  const website = useWebsite(id);
  return (
    <QueryState query={website}>
      {(site) => (
        <>
          <PageHeader
            crumbs={[{ label: 'Websites', to: '/websites' }, { label: site.name }]}
            title={site.name}
            description={site.domain}
          />
          <Paper withBorder p="md" mb="md">
            <Text size="sm" mb="xs">
              Put this on every page of {site.domain}, before <Code>&lt;/body&gt;</Code>:
            </Text>
            <Code block data-testid="website-snippet" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {site.snippet}
            </Code>
          </Paper>
          <Report website={site} />
        </>
      )}
    </QueryState>
  );
}
