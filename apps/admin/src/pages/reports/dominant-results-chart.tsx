import { DonutChart } from '../../components/charts';
import { ColorSwatch, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReportContent } from '@herald/contracts';
import { formatNumber } from '../../components/format';
import { DOMINANT_COLORS, DOMINANT_LABELS, dominanceLine, dominantSlices, percentTotal } from './report-figures';

/** Each destination once, by its most dominant result: the shares add up to 100 %. */
export function DominantResultsChart({ breakdown }: { breakdown: ReportContent['dominantResults'] }) {
  const slices = dominantSlices(breakdown.buckets);
  return (
    <Paper withBorder p="md" h="100%">
      <Stack gap="sm">
        <div>
          <Title order={5}>Dominant results</Title>
          <Text size="xs" c="dimmed">
            Each destination counted once, by its strongest result: {dominanceLine()}.
          </Text>
        </div>
        <Group align="center" gap="xl" wrap="wrap">
          {slices.length > 0 ? (
            <DonutChart
              data={slices}
              size={180}
              thickness={28}
              withTooltip
              tooltipDataSource="segment"
              chartLabel={`${formatNumber(breakdown.total)}`}
              valueFormatter={(value) => formatNumber(value)}
              data-testid="dominant-chart"
            />
          ) : (
            <Text c="dimmed" size="sm" w={180} ta="center">
              No destinations yet
            </Text>
          )}
          <Table verticalSpacing={4} style={{ flex: 1, minWidth: 240 }} aria-label="Dominant results">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Result</Table.Th>
                <Table.Th ta="right">Destinations</Table.Th>
                <Table.Th ta="right">
                  Share
                  <Text size="xs" c="dimmed" fw={400} data-testid="dominant-share-base">
                    of destinations
                  </Text>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {breakdown.buckets.map((bucket) => (
                <Table.Tr key={bucket.result} data-testid={`dominant-${bucket.result}`}>
                  <Table.Td>
                    <Group gap={8} wrap="nowrap">
                      <ColorSwatch
                        color={`var(--mantine-color-${DOMINANT_COLORS[bucket.result].replace('.', '-')})`}
                        size={12}
                      />
                      {DOMINANT_LABELS[bucket.result]}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" data-testid="dominant-count">
                    {formatNumber(bucket.count)}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="dominant-percent">
                    {bucket.percent.toFixed(1)} %
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>Total</Table.Th>
                <Table.Th ta="right">{formatNumber(breakdown.total)}</Table.Th>
                <Table.Th ta="right" data-testid="dominant-total-percent">
                  {breakdown.total > 0 ? `${percentTotal(breakdown.buckets).toFixed(1)} %` : '—'}
                </Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Group>
      </Stack>
    </Paper>
  );
}
