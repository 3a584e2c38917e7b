import { Paper, Text } from '@mantine/core';
import type { PivotResponse } from '@herald/contracts';
import { BarChart } from '../../components/charts';
import { isRate, METRIC_LABELS, valueLabel } from './pivot-layout';

/** The first metric by the first row dimension, from a pivot of exactly those (one dimension, no columns). */
export function PivotChart({ pivot }: { pivot: PivotResponse }) {
  const metric = pivot.metrics[0];
  const dimension = pivot.dimensions[0];
  if (!metric || !dimension) return null;
  const label = METRIC_LABELS[metric];
  const data = pivot.cells.map((cell) => ({
    value: valueLabel(dimension, cell.key[0] ?? null),
    [label]: cell.values[metric] ?? 0,
  }));
  return (
    <Paper withBorder p="md" data-testid="pivot-chart">
      <Text fw={600} size="sm" mb="xs">
        {label} by {dimension.label}
      </Text>
      <BarChart
        h={240}
        data={data}
        dataKey="value"
        series={[{ name: label, color: 'blue.6' }]}
        valueFormatter={(v) => (isRate(metric) ? `${v.toFixed(2)} %` : v.toLocaleString())}
        tickLine="y"
      />
    </Paper>
  );
}
