import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReportContent } from '@herald/contracts';
import { AreaChart, BarChart } from '../../components/charts';
import { TIMELINE_SERIES, timelineRows } from './report-figures';

/** Opens and clicks by people per hour or day (machine opens and clicks are left out). */
export function TimelineChart({ timeline }: { timeline: ReportContent['timeline'] }) {
  const rows = timelineRows(timeline);
  const machine = timeline.buckets.reduce(
    (sum, b) => ({
      impressions: sum.impressions + b.counts.machineImpressions,
      clicks: sum.clicks + b.counts.machineClicks,
    }),
    { impressions: 0, clicks: 0 },
  );
  const series = TIMELINE_SERIES.map((s) => ({ name: s.name, label: s.label, color: s.color }));
  return (
    <Paper withBorder p="md" h="100%">
      <Stack gap="sm">
        <div>
          <Title order={5}>Opens and clicks over time</Title>
          <Text size="xs" c="dimmed">
            Per {timeline.granularity}, by people only: opens and clicks by machines are not in this chart
            {machine.impressions + machine.clicks > 0
              ? ` (machines: ${machine.impressions} opens, ${machine.clicks} clicks)`
              : ''}
            .
          </Text>
        </div>
        {rows.length === 0 ? (
          <Text c="dimmed" size="sm" py="xl" ta="center">
            Nothing registered yet.
          </Text>
        ) : rows.length < 3 ? (
          // An area needs at least a few points to show a shape; a mailing read within the hour has one.
          <BarChart
            h={240}
            data={rows}
            dataKey="moment"
            series={series}
            withLegend
            maxBarWidth={48}
            tickLine="y"
            yAxisProps={{ allowDecimals: false }}
            data-testid="timeline-chart"
          />
        ) : (
          <AreaChart
            h={240}
            data={rows}
            dataKey="moment"
            series={series}
            curveType="monotone"
            withLegend
            withDots={false}
            tickLine="y"
            yAxisProps={{ allowDecimals: false }}
            data-testid="timeline-chart"
          />
        )}
      </Stack>
    </Paper>
  );
}
