import { Button, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useScheduleAction } from '../../api/schedules';
import { ApiErrorAlert } from '../../components/api-error-alert';

/**
 * Deactivates a mailing's active schedule (no run starts until it is reactivated) or reactivates it; where
 * schedules are listed (the schedules page, the admin page's jobs). The mailing's page has the same in its panel.
 */
export function ScheduleToggle({
  mailingId,
  mailingName,
  active,
}: {
  mailingId: number;
  mailingName: string;
  active: boolean;
}) {
  const action = useScheduleAction(mailingId);
  const what = active ? 'deactivate' : 'activate';
  return (
    <Stack gap={4}>
      <Button
        variant="default"
        size="xs"
        leftSection={active ? <IconPlayerPause size={14} aria-hidden /> : <IconPlayerPlay size={14} aria-hidden />}
        loading={action.isPending}
        aria-label={`${active ? 'Deactivate' : 'Reactivate'} the schedule of ${mailingName}`}
        onClick={() =>
          action.mutate(what, {
            onSuccess: () =>
              notifications.show({
                color: 'teal',
                message: active
                  ? `“${mailingName}” deactivated: no run starts until you reactivate it`
                  : `“${mailingName}” reactivated`,
              }),
          })
        }
      >
        {active ? 'Deactivate' : 'Reactivate'}
      </Button>
      <ApiErrorAlert error={action.error} title="Could not change the schedule" />
    </Stack>
  );
}
