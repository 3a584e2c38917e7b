import { Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ReportContent } from '@herald/contracts';
import { formatNumber, formatPercent } from '../../components/format';
import { baseLine } from './report-figures';

function Card({
  label,
  value,
  testId,
  children,
  color,
}: {
  label: string;
  value: string;
  testId: string;
  children?: ReactNode;
  color?: string;
}) {
  return (
    <Paper withBorder p="md">
      <Stack gap={4}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
        <Text size="28px" fw={700} lh={1.1} c={color} data-testid={`figure-${testId}`}>
          {value}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

/** A rate, its base under it (always visible, also on a phone) and the whole formula on hover. */
function Rate({ label, value, base, testId }: { label: string; value: string; base: string; testId: string }) {
  return (
    <Tooltip label={base} multiline w={260}>
      <Stack gap={0}>
        <Detail label={label} value={value} testId={`rate-${testId}`} />
        <Text size="xs" c="dimmed" fs="italic" data-testid={`base-${testId}`}>
          {baseLine(base)}
        </Text>
      </Stack>
    </Tooltip>
  );
}

function Detail({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xs" fw={600} data-testid={testId ? `figure-${testId}` : undefined}>
        {value}
      </Text>
    </Group>
  );
}

/**
 * The key figures count everything (every impression and click, next to the unique ones), so they differ
 * from the dominant results, where each destination counts once.
 */
export function KeyFigureCards({ figures }: { figures: ReportContent['keyFigures'] }) {
  const { impressions, clicks, errors, rates, rateBases } = figures;
  return (
    <SimpleGrid cols={{ base: 2, md: 3, xl: 5 }} spacing={{ base: 'xs', sm: 'md' }}>
      <Card label="Sent" value={formatNumber(figures.sent)} testId="sent">
        <Detail label="Destinations" value={formatNumber(figures.destinations)} />
        <Detail label="Not sent (suppressed)" value={formatNumber(figures.suppressed)} />
      </Card>
      <Card label="Delivered" value={formatNumber(figures.delivered)} testId="delivered">
        <Rate label="Delivered" value={formatPercent(rates.delivered)} base={rateBases.delivered} testId="delivered" />
        <Detail label="No feedback" value={formatNumber(figures.noFeedback)} />
      </Card>
      <Card label="Unique impressions" value={formatNumber(impressions.unique)} testId="impressions-unique">
        <Detail label="By people" value={formatNumber(impressions.human)} testId="impressions-human" />
        <Detail label="By machines" value={formatNumber(impressions.machine)} testId="impressions-machine" />
        <Detail label="Total" value={formatNumber(impressions.total)} testId="impressions-total" />
        <Rate label="Opened" value={formatPercent(rates.opened)} base={rateBases.opened} testId="opened" />
        <Text size="xs" c="dimmed">
          A click counts as an impression, also when the images stayed off.
        </Text>
      </Card>
      <Card label="Unique clicks" value={formatNumber(clicks.unique)} testId="clicks-unique">
        <Detail label="By people" value={formatNumber(clicks.human)} testId="clicks-human" />
        <Detail label="By machines" value={formatNumber(clicks.machine)} testId="clicks-machine" />
        <Detail label="Total" value={formatNumber(clicks.total)} testId="clicks-total" />
        <Rate label="Clicked" value={formatPercent(rates.clicked)} base={rateBases.clicked} testId="clicked" />
      </Card>
      <Card label={figures.ctr.name} value={formatPercent(figures.ctr.value)} testId="ctr" color="indigo">
        <Tooltip label="Herald's CTR counts each destination once, by its dominant result" multiline w={260}>
          <Text size="xs" c="dimmed" data-testid="ctr-formula">
            {figures.ctr.formula}
          </Text>
        </Tooltip>
      </Card>
      <Card
        label={figures.clickToOpenRate.name}
        value={formatPercent(figures.clickToOpenRate.value)}
        testId="click-to-open"
      >
        <Text size="xs" c="dimmed">
          {figures.clickToOpenRate.formula}
        </Text>
      </Card>
      <Card
        label="Unsubscribes"
        value={formatNumber(figures.unsubscribes.unique)}
        testId="unsubscribes"
        color={figures.unsubscribes.unique > 0 ? 'orange' : undefined}
      >
        <Rate
          label="Unsubscribed"
          value={formatPercent(rates.unsubscribed)}
          base={rateBases.unsubscribed}
          testId="unsubscribed"
        />
      </Card>
      <Card
        label="Spam complaints"
        value={formatNumber(figures.complaints.unique)}
        testId="complaints"
        color={figures.complaints.unique > 0 ? 'grape' : undefined}
      >
        <Rate
          label="Complained"
          value={formatPercent(rates.complaints)}
          base={rateBases.complaints}
          testId="complaints"
        />
      </Card>
      <Card
        label="Errors"
        value={formatNumber(errors.total)}
        testId="errors"
        color={errors.total > 0 ? 'red' : undefined}
      >
        <Detail label="Hard" value={formatNumber(errors.hard)} testId="errors-hard" />
        <Detail label="Soft" value={formatNumber(errors.soft)} testId="errors-soft" />
        <Detail label="Addresses" value={formatNumber(errors.unique)} />
      </Card>
      <Card
        label="Failed to send"
        value={formatNumber(figures.failed)}
        testId="failed"
        color={figures.failed > 0 ? 'red' : undefined}
      >
        <Rate label="Error rate" value={formatPercent(rates.errors)} base={rateBases.errors} testId="errors" />
      </Card>
    </SimpleGrid>
  );
}
