import { Badge, Loader } from '@mantine/core';
import { isMailingActive } from '../../api/mailings';
import type { MailingStatus } from '@herald/contracts';

export const MAILING_STATUS_LABELS: Record<MailingStatus, string> = {
  DRAFT: 'Draft',
  SCHEDULED: 'Scheduled',
  QUEUED: 'Queued',
  SENDING: 'Sending',
  SENT: 'Sent',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
};

const COLORS: Record<MailingStatus, string> = {
  DRAFT: 'gray',
  SCHEDULED: 'violet',
  QUEUED: 'blue',
  SENDING: 'indigo',
  SENT: 'teal',
  CANCELLED: 'orange',
  FAILED: 'red',
};

export function MailingStatusBadge({ status }: { status: MailingStatus }) {
  return (
    <Badge
      color={COLORS[status]}
      variant="light"
      data-testid="mailing-status"
      leftSection={isMailingActive({ status }) ? <Loader size={10} color={COLORS[status]} /> : undefined}
    >
      {MAILING_STATUS_LABELS[status]}
    </Badge>
  );
}
