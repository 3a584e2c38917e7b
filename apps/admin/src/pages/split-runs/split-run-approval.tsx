import { Alert, Badge, Button, Group, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import type { ApprovalState } from '@herald/contracts';
import { useSplitRunApproval, useSplitRunApprovalAction } from '../../api/split-runs';
import { useAuth } from '../../auth/auth-context';
import { ApiErrorAlert } from '../../components/api-error-alert';

const WORDS: Record<ApprovalState, string> = {
  'not-requested': 'not requested',
  requested: 'requested',
  approved: 'approved',
  rejected: 'rejected',
};

/**
 * A split-run's approval, where the account requires it: asked and decided once for the split-run
 * (an ADMIN other than its author decides), shown per variant, whose edit takes its own back.
 */
export function SplitRunApproval({ splitRunId }: { splitRunId: number }) {
  const { user } = useAuth();
  const approval = useSplitRunApproval(splitRunId);
  const action = useSplitRunApprovalAction(splitRunId);
  if (!approval.data?.required) return null;
  const { approved, variants } = approval.data;
  const askable = variants.some((v) => v.state === 'not-requested' || v.state === 'rejected');
  const decidable = variants.every((v) => v.state === 'requested');
  return (
    <Alert
      color={approved ? 'teal' : 'blue'}
      variant="light"
      icon={<IconShieldCheck size={18} />}
      title="Approval"
      data-testid="split-run-approval"
    >
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            {variants.map((v) => (
              <Badge key={v.label} variant="light" color={v.state === 'approved' ? 'teal' : 'gray'}>
                {v.label}: {WORDS[v.state]}
              </Badge>
            ))}
          </Group>
          <Text size="sm" mt={4}>
            {approved
              ? 'Approved: it can start. An edit of a variant takes its approval back.'
              : 'This account starts nothing without the approval of an ADMIN other than its author: one request and one decision for the whole split-run.'}
          </Text>
        </div>
        <Group gap="xs">
          {askable && (
            <Button size="xs" loading={action.isPending} onClick={() => action.mutate({ kind: 'request' })}>
              Request approval
            </Button>
          )}
          {decidable && user?.role === 'ADMIN' && (
            <Button
              size="xs"
              color="teal"
              loading={action.isPending}
              onClick={() => action.mutate({ kind: 'decision', decision: 'APPROVED' })}
            >
              Approve the split-run
            </Button>
          )}
        </Group>
      </Group>
      <ApiErrorAlert error={action.error} title="Not done" />
    </Alert>
  );
}
