import type { AreaChartProps, BarChartProps, DonutChartProps } from '@mantine/charts';
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';

// Recharts is most of the weight of the charts: it loads with the first page that draws one.
const AreaChartLazy = lazy(() => import('@mantine/charts').then((charts) => ({ default: charts.AreaChart })));
const BarChartLazy = lazy(() => import('@mantine/charts').then((charts) => ({ default: charts.BarChart })));
const DonutChartLazy = lazy(() => import('@mantine/charts').then((charts) => ({ default: charts.DonutChart })));

const heightOf = (h: unknown): number | string => (typeof h === 'number' || typeof h === 'string' ? h : 240);

export function AreaChart(props: AreaChartProps) {
  return (
    <Suspense fallback={<Skeleton h={heightOf(props.h)} />}>
      <AreaChartLazy {...props} />
    </Suspense>
  );
}

export function BarChart(props: BarChartProps) {
  return (
    <Suspense fallback={<Skeleton h={heightOf(props.h)} />}>
      <BarChartLazy {...props} />
    </Suspense>
  );
}

export function DonutChart(props: DonutChartProps) {
  return (
    <Suspense fallback={<Skeleton h={props.size ?? 160} w={props.size ?? 160} circle />}>
      <DonutChartLazy {...props} />
    </Suspense>
  );
}
