import { Group, Loader, Paper, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo } from 'react';
import { useLiveSelectionCount } from '../../api/selections';
import type { SelectionGroup as ConditionGroup } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatNumber } from '../../components/format';

/** Waits for typing to pause before asking, so a marketer typing a value does not fire a count per key. */
const DEBOUNCE_MS = 400;

export function LiveCount({
  databaseId,
  conditions,
  incomplete,
}: {
  databaseId: number;
  conditions: ConditionGroup;
  incomplete: number;
}) {
  const serialised = JSON.stringify(conditions);
  const [debounced] = useDebouncedValue(serialised, DEBOUNCE_MS);
  const tree = useMemo(() => JSON.parse(debounced) as ConditionGroup, [debounced]);
  const count = useLiveSelectionCount(databaseId, tree);
  const settling = serialised !== debounced || count.isFetching;
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        Matching profiles
      </Text>
      <Group gap="xs" align="baseline">
        <Text size="32px" fw={700} data-testid="live-count" style={{ opacity: settling ? 0.5 : 1 }}>
          {count.data === undefined ? '—' : formatNumber(count.data)}
        </Text>
        {settling && <Loader size="xs" />}
      </Group>
      {incomplete > 0 && (
        <Text size="xs" c="orange">
          {incomplete === 1 ? '1 condition is' : `${incomplete} conditions are`} not complete and left out of the count.
        </Text>
      )}
      {count.isError && <ApiErrorAlert error={count.error} title="Could not count" />}
    </Paper>
  );
}
