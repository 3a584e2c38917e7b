import { Grid, Stack } from '@mantine/core';
import type { ReportContent } from '@herald/contracts';
import { DominantResultsChart } from './dominant-results-chart';
import { KeyFigureCards } from './key-figure-cards';
import { LinksTable } from './links-table';
import { TimelineChart } from './timeline-chart';

/** What every view of a report shows, the shared link included: nothing here names a person. */
export function ReportOverview({ report }: { report: ReportContent }) {
  return (
    <Stack>
      <KeyFigureCards figures={report.keyFigures} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <DominantResultsChart breakdown={report.dominantResults} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <TimelineChart timeline={report.timeline} />
        </Grid.Col>
      </Grid>
      <LinksTable links={report.links} />
    </Stack>
  );
}
