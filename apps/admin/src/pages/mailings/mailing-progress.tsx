import { Group, Progress, Text, Tooltip } from '@mantine/core';
import type { MailingProgress } from '@herald/contracts';
import { formatNumber } from '../../components/format';

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/** Where the destinations of a mailing are: sent, failed, suppressed (never sent) and still to go. */
export function MailingProgressBar({
  progress,
  size = 'md',
}: {
  progress: MailingProgress;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { destinations, sent, failed, suppressed } = progress;
  if (destinations === 0) {
    return (
      <Text size="xs" c="dimmed">
        No destinations yet
      </Text>
    );
  }
  return (
    <Progress.Root size={size} role="group" aria-label="Sending progress">
      <Tooltip label={`Sent: ${formatNumber(sent)}`}>
        <Progress.Section value={share(sent, destinations)} color="teal" aria-label="Sent" />
      </Tooltip>
      <Tooltip label={`Failed: ${formatNumber(failed)}`}>
        <Progress.Section value={share(failed, destinations)} color="red" aria-label="Failed" />
      </Tooltip>
      <Tooltip label={`Suppressed: ${formatNumber(suppressed)}`}>
        <Progress.Section value={share(suppressed, destinations)} color="gray" aria-label="Suppressed" />
      </Tooltip>
      <Tooltip label={`Not sent, stopped: ${formatNumber(progress.cancelled)}`}>
        <Progress.Section value={share(progress.cancelled, destinations)} color="orange" aria-label="Stopped" />
      </Tooltip>
    </Progress.Root>
  );
}

export function ProgressSummary({ progress }: { progress: MailingProgress }) {
  const done = progress.sent + progress.failed + progress.suppressed + progress.cancelled;
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="xs" c="dimmed" data-testid="mailing-progress-text">
        {formatNumber(done)} / {formatNumber(progress.destinations)}
      </Text>
      {progress.failed > 0 && (
        <Text size="xs" c="red">
          {formatNumber(progress.failed)} failed
        </Text>
      )}
      {progress.cancelled > 0 && (
        <Text size="xs" c="orange">
          {formatNumber(progress.cancelled)} not sent: stopped
        </Text>
      )}
    </Group>
  );
}
