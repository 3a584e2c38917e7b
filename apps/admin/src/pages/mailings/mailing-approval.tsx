import { Alert, Badge, Button, Group, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import type { ApprovalState } from '@herald/contracts';
import { useMailingApproval, useRequestApproval } from '../../api/approvals';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';

const STATE: Record<ApprovalState, { label: string; color: string; text: string }> = {
  'not-requested': {
    label: 'not requested',
    color: 'gray',
    text: 'This account sends nothing without the approval of an ADMIN other than its author. Ask for it when the mailing is ready; an edit afterwards asks again.',
  },
  requested: { label: 'requested', color: 'blue', text: 'An ADMIN other than its author decides on the Admin page.' },
  approved: { label: 'approved', color: 'teal', text: 'It can be sent or scheduled. An edit takes the approval back.' },
  rejected: { label: 'rejected', color: 'orange', text: 'Change what the comment asks, then request approval again.' },
};

/** A mailing's approval, where the account requires it: where it stands, the last comment, and the request. */
export function MailingApproval({ mailingId }: { mailingId: number }) {
  const approval = useMailingApproval(mailingId);
  const request = useRequestApproval(mailingId);
  if (!approval.data?.required) return null;
  const { state, history } = approval.data;
  const last = history[0];
  const shown = STATE[state];
  return (
    <Alert
      color={shown.color}
      variant="light"
      icon={<IconShieldCheck size={18} />}
      title="Approval"
      data-testid="approval"
    >
      <Group justify="space-between" align="flex-start">
        <div>
          <Badge color={shown.color} variant="light" data-testid="approval-state">
            {shown.label}
          </Badge>
          <Text size="sm" mt={4}>
            {shown.text}
          </Text>
          {last?.decision && last.comment && state !== 'not-requested' && (
            <Text size="sm" mt={4}>
              “{last.comment}” ({formatDateTime(last.decidedAt)})
            </Text>
          )}
        </div>
        {(state === 'not-requested' || state === 'rejected') && (
          <Button size="xs" loading={request.isPending} onClick={() => request.mutate()}>
            Request approval
          </Button>
        )}
      </Group>
      <ApiErrorAlert error={request.error} title="Could not request approval" />
    </Alert>
  );
}
