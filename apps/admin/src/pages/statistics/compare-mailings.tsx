import { BarChart } from '../../components/charts';
import { Anchor, Group, MultiSelect, Paper, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMailings } from '../../api/mailings';
import { useCompareMailings } from '../../api/reports';
import type { CompareResponse as MailingComparison } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatNumber, formatPercent } from '../../components/format';
import { basesLine, COMPARED_METRICS, isBest, rankOf } from '../reports/report-figures';
import { TableScroll } from '../../components/table-scroll';

const MAX_COMPARED = 10;
const CHART_METRICS = [
  { name: 'openedRate', label: 'Opened', color: 'blue.6' },
  { name: 'clickedRate', label: 'Clicked', color: 'teal.6' },
  { name: 'clickThroughRate', label: 'CTR', color: 'indigo.6' },
  { name: 'clickToOpenRate', label: 'Click-to-open', color: 'cyan.6' },
] as const;

const COUNTS: ReadonlyArray<[string, (f: MailingComparison['mailings'][number]['figures']) => number]> = [
  ['Sent', (f) => f.sent],
  ['Unique impressions', (f) => f.impressions.unique],
  ['Unique clicks', (f) => f.clicks.unique],
];

function ComparisonTable({ comparison }: { comparison: MailingComparison }) {
  return (
    <Paper withBorder>
      <TableScroll minWidth={600}>
        <Table verticalSpacing="xs" aria-label="Compared mailings" withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Figure</Table.Th>
              {comparison.mailings.map(({ mailing }) => (
                <Table.Th key={mailing.id} ta="right">
                  <Anchor component={Link} to={`/mailings/${mailing.id}/report`} size="sm" fw={600}>
                    {mailing.name}
                  </Anchor>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {COMPARED_METRICS.map(([metric, info]) => (
              <Table.Tr key={metric}>
                <Table.Td>
                  <Text size="sm">{info.label}</Text>
                  <Text size="xs" c="dimmed" data-testid={`base-${metric}`}>
                    {comparison.bases[metric]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {info.better === 'higher' ? 'higher is better' : 'lower is better'}
                  </Text>
                </Table.Td>
                {comparison.mailings.map(({ mailing, metrics }) => {
                  const value = metrics[metric];
                  const best = isBest(comparison.best, metric, mailing.id);
                  const rank = rankOf(comparison.ranking, metric, mailing.id, value);
                  return (
                    <Table.Td
                      key={mailing.id}
                      ta="right"
                      bg={best ? 'var(--mantine-color-teal-0)' : undefined}
                      data-best={best || undefined}
                    >
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {best && (
                          <ThemeIcon size="xs" variant="transparent" color="teal" aria-label="best">
                            <IconTrophy size={14} />
                          </ThemeIcon>
                        )}
                        <Text size="sm" fw={best ? 700 : 400} c={best ? 'teal.8' : undefined}>
                          {info.kind === 'percent' ? formatPercent(value) : formatNumber(value)}
                        </Text>
                        {rank !== null && (
                          <Text size="xs" c="dimmed" data-testid={`rank-${metric}-${mailing.id}`}>
                            #{rank}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
            {/* Counts for context: a bigger mailing has more of everything, so they are not ranked. */}
            {COUNTS.map(([label, count]) => (
              <Table.Tr key={label}>
                <Table.Td>
                  <Text size="sm">{label}</Text>
                  <Text size="xs" c="dimmed">
                    a count, not ranked
                  </Text>
                </Table.Td>
                {comparison.mailings.map(({ mailing, figures }) => (
                  <Table.Td key={mailing.id} ta="right">
                    {formatNumber(count(figures))}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Paper>
  );
}

function ComparisonChart({ comparison }: { comparison: MailingComparison }) {
  const data = comparison.mailings.map(({ mailing, metrics }) => ({
    mailing: mailing.name,
    ...Object.fromEntries(CHART_METRICS.map((m) => [m.name, metrics[m.name] ?? 0])),
  }));
  return (
    <Paper withBorder p="md">
      <Title order={5}>Rates side by side</Title>
      <Text size="xs" c="dimmed" mb="sm" data-testid="chart-bases">
        {basesLine(CHART_METRICS, comparison.bases)}
      </Text>
      <BarChart
        h={280}
        data={data}
        dataKey="mailing"
        series={CHART_METRICS.map((m) => ({ name: m.name, label: m.label, color: m.color }))}
        withLegend
        valueFormatter={(value) => `${value.toFixed(1)} %`}
        tickLine="y"
      />
    </Paper>
  );
}

export function CompareMailings() {
  const mailings = useMailings();
  const [selected, setSelected] = useState<string[]>([]);
  const ids = selected.map(Number);
  const comparison = useCompareMailings(ids);
  const options = (mailings.data ?? [])
    .filter((m) => m.status !== 'DRAFT' && m.status !== 'SCHEDULED')
    .map((m) => ({ value: String(m.id), label: m.name }));
  return (
    <Stack>
      <MultiSelect
        label="Mailings to compare"
        description={`Choose 2 to ${MAX_COMPARED} mailings that were sent.`}
        placeholder={selected.length ? undefined : mailings.isPending ? 'Loading…' : 'Choose mailings'}
        data={options}
        value={selected}
        onChange={setSelected}
        maxValues={MAX_COMPARED}
        searchable
        clearable
        maw={720}
      />
      {ids.length < 2 ? (
        <Text c="dimmed" size="sm">
          Choose at least two mailings to see them side by side; the best value of each figure is marked.
        </Text>
      ) : comparison.isError ? (
        <ApiErrorAlert error={comparison.error} title="Could not compare" />
      ) : comparison.data ? (
        <>
          <ComparisonTable comparison={comparison.data} />
          <ComparisonChart comparison={comparison.data} />
        </>
      ) : null}
    </Stack>
  );
}
