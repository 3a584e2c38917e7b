import {
  Button,
  Chip,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendarTime } from '@tabler/icons-react';
import { useState } from 'react';
import type { CreateScheduleInput, Weekday } from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import {
  defaultScheduleValues,
  scheduleRequestOf,
  type ScheduleFormValues,
  type ScheduleKind,
} from './schedule-form-values';

const KINDS: { value: ScheduleKind; label: string }[] = [
  { value: 'ONCE', label: 'Once' },
  { value: 'DAILY', label: 'Daily' },
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'MONTHLY', label: 'Monthly' },
  { value: 'RRULE', label: 'RRULE' },
];
const DAYS: { value: Weekday; label: string }[] = [
  { value: 'MO', label: 'Mon' },
  { value: 'TU', label: 'Tue' },
  { value: 'WE', label: 'Wed' },
  { value: 'TH', label: 'Thu' },
  { value: 'FR', label: 'Fri' },
  { value: 'SA', label: 'Sat' },
  { value: 'SU', label: 'Sun' },
];
const DAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINALS = [
  { value: '1', label: 'first' },
  { value: '2', label: 'second' },
  { value: '3', label: 'third' },
  { value: '4', label: 'fourth' },
  { value: '5', label: 'fifth' },
  { value: '-1', label: 'last' },
];
const UNIT: Partial<Record<ScheduleKind, string>> = { DAILY: 'days', WEEKLY: 'weeks', MONTHLY: 'months' };

interface ScheduleDialogProps {
  pending: boolean;
  error: unknown;
  onOpen(): void;
  /** Saves the mailing and schedules it; `close` once it is scheduled. */
  onConfirm(request: CreateScheduleInput, close: () => void): void;
}

/**
 * The schedule step of the mailing form: once at a moment, daily, weekly on chosen days, monthly on a
 * day or on "the second Tuesday", or an RRULE, with an end. The API answers with the plain-language
 * summary, shown on the mailing's page.
 */
export function ScheduleDialog({ pending, error, onOpen, onConfirm }: ScheduleDialogProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const [values, setValues] = useState(() => defaultScheduleValues(new Date()));
  const set = <K extends keyof ScheduleFormValues>(key: K, value: ScheduleFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const unit = UNIT[values.kind];
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconCalendarTime size={16} />}
        onClick={() => {
          onOpen();
          open();
        }}
      >
        Schedule
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title="Schedule this mailing"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close without scheduling' }}
      >
        <Stack>
          <SegmentedControl
            data={KINDS}
            value={values.kind}
            onChange={(value) => set('kind', value as ScheduleKind)}
            aria-label="How often"
          />
          <TextInput
            type="datetime-local"
            label={values.kind === 'ONCE' ? 'Send at' : 'First run'}
            description="Its time of day is the time of every run, in the time zone below."
            required
            value={values.startAt}
            onChange={(e) => set('startAt', e.currentTarget.value)}
            error={issueAt(error, 'startAt')}
          />
          {unit && (
            <NumberInput
              label={`Every how many ${unit}`}
              min={1}
              allowDecimal={false}
              value={values.interval}
              onChange={(value) => set('interval', typeof value === 'number' ? value : 1)}
              error={issueAt(error, 'recurrence.interval')}
              maw={220}
            />
          )}
          {values.kind === 'WEEKLY' && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                On
              </Text>
              <Chip.Group multiple value={values.days} onChange={(days) => set('days', days as Weekday[])}>
                <Group gap="xs">
                  {DAYS.map((d) => (
                    <Chip key={d.value} value={d.value} size="sm">
                      {d.label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              {issueAt(error, 'recurrence.days') && (
                <Text size="xs" c="red">
                  {issueAt(error, 'recurrence.days')}
                </Text>
              )}
            </Stack>
          )}
          {values.kind === 'MONTHLY' && (
            <>
              <SegmentedControl
                data={[
                  { value: 'weekday', label: 'On a weekday' },
                  { value: 'day', label: 'On a day of the month' },
                ]}
                value={values.monthlyBy}
                onChange={(value) => set('monthlyBy', value as 'day' | 'weekday')}
                aria-label="Monthly on"
              />
              {values.monthlyBy === 'day' ? (
                <NumberInput
                  label="Day of the month"
                  description="A month without this day is passed over."
                  min={1}
                  max={31}
                  allowDecimal={false}
                  value={values.dayOfMonth}
                  onChange={(value) => set('dayOfMonth', typeof value === 'number' ? value : 1)}
                  error={issueAt(error, 'recurrence.dayOfMonth')}
                  maw={220}
                />
              ) : (
                <Group grow>
                  <Select
                    label="The"
                    data={ORDINALS}
                    value={String(values.weekOfMonth)}
                    onChange={(value) => set('weekOfMonth', Number(value ?? 1) as ScheduleFormValues['weekOfMonth'])}
                    allowDeselect={false}
                  />
                  <Select
                    label="Weekday"
                    data={DAYS.map((d) => ({ value: d.value, label: DAY_NAMES[d.value] }))}
                    value={values.weekday}
                    onChange={(value) => set('weekday', (value ?? 'MO') as Weekday)}
                    allowDeselect={false}
                  />
                </Group>
              )}
            </>
          )}
          {values.kind === 'RRULE' && (
            <TextInput
              label="RRULE (RFC 5545)"
              description="For example FREQ=MONTHLY;BYDAY=2TU for the second Tuesday of every month."
              value={values.rrule}
              onChange={(e) => set('rrule', e.currentTarget.value)}
              error={issueAt(error, 'recurrence.rrule')}
            />
          )}
          <TextInput
            label="Time zone"
            placeholder="The account's time zone"
            description="An IANA name such as Europe/Amsterdam; daylight saving is followed."
            value={values.timezone}
            onChange={(e) => set('timezone', e.currentTarget.value)}
            error={issueAt(error, 'timezone')}
            maw={320}
          />
          {values.kind !== 'ONCE' && (
            <Group align="flex-end">
              <SegmentedControl
                data={[
                  { value: 'never', label: 'No end' },
                  { value: 'date', label: 'Until a date' },
                  { value: 'runs', label: 'A number of runs' },
                ]}
                value={values.endBy}
                onChange={(value) => set('endBy', value as ScheduleFormValues['endBy'])}
                aria-label="Ends"
              />
              {values.endBy === 'date' && (
                <TextInput
                  type="date"
                  label="Last day"
                  value={values.endDate}
                  onChange={(e) => set('endDate', e.currentTarget.value)}
                  error={issueAt(error, 'endDate')}
                />
              )}
              {values.endBy === 'runs' && (
                <NumberInput
                  label="Runs"
                  min={1}
                  allowDecimal={false}
                  value={values.maxRuns}
                  onChange={(value) => set('maxRuns', typeof value === 'number' ? value : 1)}
                  error={issueAt(error, 'maxRuns')}
                  maw={140}
                />
              )}
            </Group>
          )}
          <Text size="xs" c="dimmed">
            Each run sends the newest version of the document to whoever is in the target at that moment. Until a run
            starts you can change, deactivate or delete the schedule; its target stays.
          </Text>
          <ApiErrorAlert error={error} title="Could not schedule" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Back
            </Button>
            <Button loading={pending} onClick={() => onConfirm(scheduleRequestOf(values), close)}>
              Schedule
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
