import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ScheduledRunResponse, ScheduleResponse } from '@herald/contracts';
import { useScheduleCalendar, useSchedules } from '../../api/schedules';
import { formatDateTime, toDateInput } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { calendarWindow, runsByDay, shiftAnchor, type CalendarView } from './calendar-window';
import { ScheduleToggle } from './schedule-toggle';

const monthTitle = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const dayTitle = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const weekdayName = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** One run to come: its time and its mailing, which it links to; a skipped one struck through, and said so. */
function RunLink({ run }: { run: ScheduledRunResponse }) {
  return (
    <Anchor
      component={Link}
      to={`/mailings/${run.mailingId}`}
      size="xs"
      data-testid="calendar-run"
      data-skipped={run.skipped || undefined}
      c={run.skipped ? 'dimmed' : undefined}
      style={{ display: 'block', overflowWrap: 'anywhere' }}
    >
      <Text span size="xs" fw={700} inherit td={run.skipped ? 'line-through' : undefined}>
        {time.format(new Date(run.at))}
      </Text>{' '}
      <Text span size="xs" inherit td={run.skipped ? 'line-through' : undefined}>
        {run.mailingName}
      </Text>
      {run.skipped && ' (skipped)'}
    </Anchor>
  );
}

/** The days as a month or week grid, Monday first; on a phone, the days that have runs, one under another. */
function Calendar({ days, month, runs }: { days: Date[]; month: number | null; runs: ScheduledRunResponse[] }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const byDay = runsByDay(runs);
  const today = toDateInput(new Date());
  if (phone) {
    const busy = days.filter((day) => byDay.has(toDateInput(day)));
    return busy.length === 0 ? (
      <Paper withBorder p="lg" ta="center">
        <Text c="dimmed">No run is scheduled in this period.</Text>
      </Paper>
    ) : (
      <Stack gap="sm" data-testid="calendar">
        {busy.map((day) => (
          <Paper key={day.getTime()} withBorder p="sm" component="section" aria-label={dayTitle.format(day)}>
            <Text size="sm" fw={600} mb={4}>
              {dayTitle.format(day)}
            </Text>
            <Stack gap={4}>
              {byDay.get(toDateInput(day))!.map((run) => (
                <RunLink key={`${run.scheduleId}-${run.at}`} run={run} />
              ))}
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Paper withBorder data-testid="calendar">
      <SimpleGrid cols={7} spacing={0} verticalSpacing={0}>
        {days.slice(0, 7).map((day) => (
          <Text key={day.getDay()} size="xs" fw={600} c="dimmed" ta="center" py={4} aria-hidden>
            {weekdayName.format(day)}
          </Text>
        ))}
        {days.map((day) => {
          const key = toDateInput(day);
          const outside = month !== null && day.getMonth() !== month;
          return (
            <Box
              key={key}
              component="section"
              aria-label={dayTitle.format(day)}
              p={6}
              mih={month === null ? 160 : 96}
              bg={outside ? 'var(--mantine-color-gray-0)' : undefined}
              style={{ borderTop: '1px solid var(--mantine-color-gray-3)', minWidth: 0 }}
            >
              <Text
                size="xs"
                fw={key === today ? 700 : 400}
                c={key === today ? 'violet' : outside ? 'dimmed' : undefined}
                aria-hidden
              >
                {day.getDate()}
              </Text>
              <Stack gap={2}>
                {(byDay.get(key) ?? []).map((run) => (
                  <RunLink key={`${run.scheduleId}-${run.at}`} run={run} />
                ))}
              </Stack>
            </Box>
          );
        })}
      </SimpleGrid>
    </Paper>
  );
}

/** What the latest run did: sent as its own mailing, or skipped with the reason (an empty target, a blocking check). */
function LastRun({ schedule }: { schedule: ScheduleResponse }) {
  const last = schedule.runs[0];
  if (!last) return <Text size="sm">—</Text>;
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {formatDateTime(last.occurrenceAt)}
      </Text>
      {last.mailingId ? (
        <Anchor component={Link} to={`/mailings/${last.mailingId}`} size="sm">
          Sent as mailing {last.mailingId}
        </Anchor>
      ) : (
        <Text size="sm" c="orange" data-testid="skipped-run">
          Skipped: {last.reason}
        </Text>
      )}
    </Stack>
  );
}

function SchedulesTable() {
  const schedules = useSchedules();
  return (
    <QueryState query={schedules}>
      {(items) =>
        items.length === 0 ? (
          <Paper withBorder p="xl" ta="center">
            <Text c="dimmed">
              No mailing is scheduled. Schedule one in the last step of a{' '}
              <Anchor component={Link} to="/mailings/new">
                new mailing
              </Anchor>
              .
            </Text>
          </Paper>
        ) : (
          <Paper withBorder>
            <TableScroll minWidth={860}>
              <Table verticalSpacing="sm" aria-label="Scheduled mailings">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Mailing</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Runs</Table.Th>
                    <Table.Th>Last run</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((schedule) => (
                    <Table.Tr key={schedule.id} data-testid="schedule-row">
                      <Table.Td>
                        <Stack gap={2} align="flex-start">
                          <Anchor component={Link} to={`/mailings/${schedule.mailingId}`} fw={500}>
                            {schedule.mailingName}
                          </Anchor>
                          <Badge variant="light" color={schedule.active ? 'violet' : 'gray'}>
                            {schedule.active ? 'Active' : 'Deactivated'}
                          </Badge>
                        </Stack>
                      </Table.Td>
                      <Table.Td maw={360}>
                        <Text size="sm">{schedule.summary}</Text>
                      </Table.Td>
                      <Table.Td>
                        {schedule.runCount}
                        {schedule.maxRuns > 0 ? ` of ${schedule.maxRuns}` : ''}
                      </Table.Td>
                      <Table.Td>
                        <LastRun schedule={schedule} />
                      </Table.Td>
                      <Table.Td>
                        {(schedule.nextRunAt || !schedule.active) && (
                          <ScheduleToggle
                            mailingId={schedule.mailingId}
                            mailingName={schedule.mailingName}
                            active={schedule.active}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </Paper>
        )
      }
    </QueryState>
  );
}

/** When scheduled mailings run, by month or week, and the schedules themselves with their last runs. */
export function SchedulesPage() {
  const [view, setView] = useState<CalendarView>('month');
  const [anchor, setAnchor] = useState(() => new Date());
  const { from, to, days } = calendarWindow(view, anchor);
  const calendar = useScheduleCalendar(from, to);
  const unit = view === 'month' ? 'month' : 'week';
  const title =
    view === 'month' ? monthTitle.format(anchor) : `${shortDay.format(days[0]!)} – ${shortDay.format(days[6]!)}`;
  return (
    <>
      <PageHeader
        title="Schedules"
        description="When scheduled mailings run, in your browser's time zone; each run sends to whoever is in the target then."
      />
      <Stack gap="xl">
        <Stack gap="sm">
          <Group justify="space-between" gap="sm">
            <Group gap="xs" wrap="nowrap">
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={`Previous ${unit}`}
                onClick={() => setAnchor(shiftAnchor(view, anchor, -1))}
              >
                <IconChevronLeft size={18} aria-hidden />
              </ActionIcon>
              <Button variant="default" onClick={() => setAnchor(new Date())}>
                Today
              </Button>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={`Next ${unit}`}
                onClick={() => setAnchor(shiftAnchor(view, anchor, 1))}
              >
                <IconChevronRight size={18} aria-hidden />
              </ActionIcon>
              <Title order={3} size="h4" data-testid="calendar-title" aria-live="polite">
                {title}
              </Title>
            </Group>
            <SegmentedControl
              aria-label="Calendar view"
              value={view}
              onChange={(value) => setView(value as CalendarView)}
              data={[
                { value: 'month', label: 'Month' },
                { value: 'week', label: 'Week' },
              ]}
            />
          </Group>
          <QueryState query={calendar}>
            {(runs) => <Calendar days={days} month={view === 'month' ? anchor.getMonth() : null} runs={runs} />}
          </QueryState>
        </Stack>
        <Stack gap="sm">
          <Title order={3}>Scheduled mailings</Title>
          <SchedulesTable />
        </Stack>
      </Stack>
    </>
  );
}
