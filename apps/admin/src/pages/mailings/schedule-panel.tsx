import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerSkipForward,
  IconTrash,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ScheduleResponse } from '@herald/contracts';
import { useSchedule, useScheduleAction, useScheduleRunChange, type ScheduleAction } from '../../api/schedules';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';
import { ConfirmButton } from './confirm-button';

const DONE: Record<ScheduleAction, string> = {
  deactivate: 'Schedule deactivated: no run starts until you reactivate it',
  activate: 'Schedule reactivated',
  delete: 'Schedule deleted: the mailing is a draft again',
};

/** The next runs as planned, each with a way to skip it or, skipped, to let it go again. */
function RunsToCome({ schedule }: { schedule: ScheduleResponse }) {
  const change = useScheduleRunChange(schedule.mailingId);
  const upcoming = schedule.upcoming ?? [];
  if (upcoming.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={6}>Runs to come</Title>
      <ApiErrorAlert error={change.error} title="Could not change the run" />
      <Table aria-label="Runs to come" data-testid="runs-to-come">
        <Table.Tbody>
          {upcoming.map((run) => {
            const when = formatDateTime(run.at);
            const pending = change.isPending && change.variables.occurrenceAt === run.at;
            return (
              <Table.Tr key={run.at}>
                <Table.Td>
                  <Text size="sm" td={run.skipped ? 'line-through' : undefined} c={run.skipped ? 'dimmed' : undefined}>
                    {when}
                  </Text>
                </Table.Td>
                <Table.Td>{run.skipped && <Badge color="gray">Skipped</Badge>}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={
                      run.skipped ? (
                        <IconArrowBackUp size={14} aria-hidden />
                      ) : (
                        <IconPlayerSkipForward size={14} aria-hidden />
                      )
                    }
                    loading={pending}
                    aria-label={run.skipped ? `Restore the run of ${when}` : `Skip the run of ${when}`}
                    onClick={() =>
                      change.mutate(
                        { occurrenceAt: run.at, change: run.skipped ? 'restore' : 'skip' },
                        {
                          onSuccess: () =>
                            notifications.show({
                              color: 'teal',
                              message: run.skipped ? `The run of ${when} goes again` : `The run of ${when} is skipped`,
                            }),
                        },
                      )
                    }
                  >
                    {run.skipped ? 'Restore' : 'Skip'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** A scheduled mailing's schedule: when it runs, its runs (skipped ones with the reason), and its controls. */
export function SchedulePanel({ mailingId }: { mailingId: number }) {
  const schedule = useSchedule(mailingId, true);
  const action = useScheduleAction(mailingId);
  const act = (what: ScheduleAction, close?: () => void) =>
    action.mutate(what, {
      onSuccess: () => {
        close?.();
        notifications.show({ color: 'teal', message: DONE[what] });
      },
    });
  const s = schedule.data;
  if (!s) return <ApiErrorAlert error={schedule.error} title="Could not read the schedule" />;
  return (
    <Paper withBorder p="md" data-testid="schedule-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={5}>Schedule</Title>
            <Badge color={s.active ? 'violet' : 'gray'} variant="light">
              {s.active ? 'Active' : 'Deactivated'}
            </Badge>
          </Group>
          <Group gap="xs">
            {s.active ? (
              <Button
                variant="default"
                size="xs"
                leftSection={<IconPlayerPause size={14} />}
                loading={action.isPending && action.variables === 'deactivate'}
                onClick={() => act('deactivate')}
              >
                Deactivate
              </Button>
            ) : (
              <Button
                variant="default"
                size="xs"
                leftSection={<IconPlayerPlay size={14} />}
                loading={action.isPending && action.variables === 'activate'}
                onClick={() => act('activate')}
              >
                Reactivate
              </Button>
            )}
            <ConfirmButton
              label="Delete schedule"
              title="Delete this schedule?"
              confirmLabel="Delete schedule"
              color="red"
              variant="default"
              leftSection={<IconTrash size={14} />}
              pending={action.isPending && action.variables === 'delete'}
              error={action.error}
              onOpen={action.reset}
              onConfirm={(close) => act('delete', close)}
            >
              <Text size="sm">
                No more runs start. Runs that already started keep their own mailings and reports; the mailing becomes a
                draft again, whose target you can change.
              </Text>
            </ConfirmButton>
          </Group>
        </Group>
        <Text fw={600} data-testid="schedule-summary">
          {s.summary}
        </Text>
        <Text size="xs" c="dimmed">
          Each run sends the newest version of the document to whoever is in the target then. To change the target,
          delete the schedule and schedule anew.
        </Text>
        <ApiErrorAlert error={action.error} title="Could not change the schedule" />
        <RunsToCome schedule={s} />
        {s.runs.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.runs.map((run) => (
                <Table.Tr key={run.occurrenceAt}>
                  <Table.Td>{formatDateTime(run.occurrenceAt)}</Table.Td>
                  <Table.Td>
                    {run.mailingId ? (
                      <Anchor component={Link} to={`/mailings/${run.mailingId}`} size="sm">
                        Sent as mailing {run.mailingId}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="orange">
                        Skipped: {run.reason}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
