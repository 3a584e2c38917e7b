import {
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { AUDIT_ACTIONS, type AdminJobResponse, type AuditAction, type MailingStatus } from '@herald/contracts';
import {
  openQueueDashboard,
  useAdminJobs,
  useApprovalSetting,
  useAuditLog,
  useChangeApprovalSetting,
  useJobAction,
  usePendingApprovals,
  useQueueDashboardAccess,
} from '../../api/admin';
import { useAuth } from '../../auth/auth-context';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { ConfirmButton } from '../mailings/confirm-button';
import { MailingProgressBar, ProgressSummary } from '../mailings/mailing-progress';
import { MailingStatusBadge } from '../mailings/mailing-status-badge';
import { ScheduleToggle } from '../schedules/schedule-toggle';

const STATE_COLORS: Record<AdminJobResponse['state'], string> = {
  scheduled: 'violet',
  waiting: 'blue',
  running: 'indigo',
  paused: 'gray',
  failed: 'red',
};

/** The job that starts a schedule's next run (JobName.FireSchedule in packages/queue): deactivating the schedule drops it. */
const FIRE_SCHEDULE_JOB = 'fire-schedule';

/** What a marketer may still cancel; what only an admin can stop (docs/rules/sending.md, Lifecycle). */
const CANCELLABLE = new Set(['DRAFT', 'SCHEDULED']);
const STOPPABLE = new Set(['QUEUED', 'SENDING']);

function ApprovalSetting() {
  const setting = useApprovalSetting();
  const change = useChangeApprovalSetting();
  return (
    <QueryState query={setting}>
      {({ approvalRequired }) => (
        <Stack gap={4}>
          <Switch
            checked={approvalRequired}
            disabled={change.isPending}
            onChange={(event) => change.mutate(event.currentTarget.checked)}
            label="Mailings need approval"
            description="An ADMIN other than the mailing's author approves it before it is sent or scheduled."
          />
          <ApiErrorAlert error={change.error} title="Could not change the setting" />
        </Stack>
      )}
    </QueryState>
  );
}

/** What an ADMIN can do about a mailing: decide an open approval request (unless they wrote it), cancel, stop. */
function MailingActions({
  mailing,
}: {
  mailing: { id: number; name: string; status: MailingStatus; approval: string; authorId: number | null };
}) {
  const action = useJobAction();
  const { user } = useAuth();
  const [comment, setComment] = useState('');
  const run = (kind: 'cancel' | 'stop' | 'APPROVED' | 'REJECTED', done: string) => (close: () => void) =>
    action.mutate(
      { mailingId: mailing.id, kind, comment: comment.trim() || undefined },
      {
        onSuccess: () => {
          close();
          notifications.show({ color: 'teal', message: done });
        },
      },
    );
  return (
    <Group gap="xs" wrap="nowrap">
      {mailing.approval === 'requested' && user?.id !== mailing.authorId && (
        <>
          <ConfirmButton
            label="Approve"
            title={`Approve “${mailing.name}”?`}
            confirmLabel="Approve"
            variant="light"
            color="teal"
            pending={action.isPending}
            error={action.error}
            onOpen={action.reset}
            onConfirm={run('APPROVED', 'Mailing approved')}
          >
            <Textarea label="Comment (optional)" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          </ConfirmButton>
          <ConfirmButton
            label="Reject"
            title={`Reject “${mailing.name}”?`}
            confirmLabel="Reject"
            variant="light"
            color="orange"
            pending={action.isPending}
            error={action.error}
            onOpen={action.reset}
            onConfirm={run('REJECTED', 'Mailing rejected')}
          >
            <Textarea
              label="Why"
              description="The author reads this"
              required
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
            />
          </ConfirmButton>
        </>
      )}
      {CANCELLABLE.has(mailing.status) && (
        <ConfirmButton
          label="Cancel"
          title={`Cancel “${mailing.name}”?`}
          confirmLabel="Cancel mailing"
          variant="subtle"
          color="orange"
          pending={action.isPending}
          error={action.error}
          onOpen={action.reset}
          onConfirm={run('cancel', 'Mailing cancelled')}
        >
          <Text size="sm">It will not be sent. A cancelled mailing cannot be sent again.</Text>
        </ConfirmButton>
      )}
      {STOPPABLE.has(mailing.status) && (
        <ConfirmButton
          label="Stop"
          title={`Stop “${mailing.name}”?`}
          confirmLabel="Stop sending"
          color="red"
          pending={action.isPending}
          error={action.error}
          onOpen={action.reset}
          onConfirm={run('stop', 'Mailing stopped')}
        >
          <Text size="sm">
            Nothing more is handed to the mail server; the rest end as not sent. What was sent stays sent.
          </Text>
        </ConfirmButton>
      )}
    </Group>
  );
}

function JobsTable() {
  const jobs = useAdminJobs();
  return (
    <QueryState query={jobs}>
      {({ items }) =>
        items.length === 0 ? (
          <Paper withBorder p="xl" ta="center">
            <Text c="dimmed">No job is scheduled, waiting, running, paused or failed.</Text>
          </Paper>
        ) : (
          <Paper withBorder>
            <TableScroll minWidth={980}>
              <Table verticalSpacing="sm" aria-label="Jobs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Job</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Mailing</Table.Th>
                    <Table.Th w={220}>Progress</Table.Th>
                    <Table.Th>Scheduled by</Table.Th>
                    <Table.Th>Runs</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((job) => (
                    <Table.Tr key={`${job.queue}/${job.id}`} data-testid="job-row">
                      <Table.Td>
                        <Text size="sm">{job.name}</Text>
                        <Text size="xs" c="dimmed">
                          {job.queue} · {job.id}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLORS[job.state]}>
                          {job.state}
                        </Badge>
                        {job.failedReason && (
                          <Text size="xs" c="red">
                            {job.failedReason}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {job.mailing ? (
                          <Stack gap={2}>
                            <Anchor component={Link} to={`/mailings/${job.mailing.id}`} fw={500}>
                              {job.mailing.name}
                            </Anchor>
                            <Group gap={4}>
                              <MailingStatusBadge status={job.mailing.status} />
                              {job.mailing.approval !== 'not-requested' && (
                                <Badge variant="outline" size="sm" color="gray">
                                  approval {job.mailing.approval}
                                </Badge>
                              )}
                            </Group>
                          </Stack>
                        ) : (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {job.mailing && (
                          <Stack gap={4}>
                            <MailingProgressBar progress={job.mailing.progress} size="sm" />
                            {job.mailing.progress.destinations > 0 && (
                              <ProgressSummary progress={job.mailing.progress} />
                            )}
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td>{job.mailing?.createdBy?.name ?? '—'}</Table.Td>
                      <Table.Td>{formatDateTime(job.runAt ?? job.createdAt)}</Table.Td>
                      <Table.Td>
                        {job.mailing && (
                          <Group gap="xs" wrap="nowrap" align="flex-start">
                            {job.name === FIRE_SCHEDULE_JOB && job.mailing.status === 'SCHEDULED' && (
                              <ScheduleToggle mailingId={job.mailing.id} mailingName={job.mailing.name} active />
                            )}
                            <MailingActions mailing={{ ...job.mailing, authorId: job.mailing.createdBy?.id ?? null }} />
                          </Group>
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

function PendingApprovals() {
  const pending = usePendingApprovals();
  return (
    <Stack gap="sm">
      <Title order={3}>Awaiting approval</Title>
      <QueryState query={pending}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              No mailing waits for approval.
            </Text>
          ) : (
            <Paper withBorder>
              <TableScroll minWidth={640}>
                <Table verticalSpacing="sm" aria-label="Awaiting approval">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Mailing</Table.Th>
                      <Table.Th>Asked by</Table.Th>
                      <Table.Th>Asked</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((item) => (
                      <Table.Tr key={item.mailing.id} data-testid="approval-row">
                        <Table.Td>
                          <Anchor component={Link} to={`/mailings/${item.mailing.id}`} fw={500}>
                            {item.mailing.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{item.requestedBy?.name ?? '—'}</Table.Td>
                        <Table.Td>{formatDateTime(item.requestedAt)}</Table.Td>
                        <Table.Td>
                          <MailingActions
                            mailing={{ ...item.mailing, approval: 'requested', authorId: item.authorId }}
                          />
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
    </Stack>
  );
}

function AuditLog() {
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<AuditAction | undefined>(undefined);
  const log = useAuditLog(page, action);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={3}>Audit log</Title>
        <Select
          label="Action"
          placeholder="All actions"
          clearable
          data={AUDIT_ACTIONS.map((value) => ({ value, label: value }))}
          value={action ?? null}
          onChange={(value) => {
            setAction((value as AuditAction | null) ?? undefined);
            setPage(1);
          }}
          w={240}
        />
      </Group>
      <QueryState query={log}>
        {(entries) =>
          entries.items.length === 0 ? (
            <Paper withBorder p="lg" ta="center">
              <Text c="dimmed">Nothing recorded yet.</Text>
            </Paper>
          ) : (
            <Paper withBorder>
              <TableScroll minWidth={640}>
                <Table verticalSpacing="xs" aria-label="Audit log">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>When</Table.Th>
                      <Table.Th>Who</Table.Th>
                      <Table.Th>What</Table.Th>
                      <Table.Th>Of</Table.Th>
                      <Table.Th>Detail</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entries.items.map((entry) => (
                      <Table.Tr key={entry.id} data-testid="audit-row">
                        <Table.Td>{formatDateTime(entry.at)}</Table.Td>
                        <Table.Td>{entry.user?.name ?? 'Herald'}</Table.Td>
                        <Table.Td>{entry.action}</Table.Td>
                        <Table.Td>
                          {entry.subjectType === 'mailing' ? (
                            <Anchor component={Link} to={`/mailings/${entry.subjectId}`}>
                              Mailing {entry.subjectId}
                            </Anchor>
                          ) : (
                            `${entry.subjectType} ${entry.subjectId}`
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" c="dimmed">
                            {Object.entries(entry.detail)
                              .filter(([, value]) => value !== null && value !== '')
                              .map(([key, value]) => `${key}: ${String(value)}`)
                              .join(' · ')}
                          </Text>
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
      {log.data && log.data.total > log.data.pageSize && (
        <Pagination
          total={Math.ceil(log.data.total / log.data.pageSize)}
          value={page}
          onChange={setPage}
          aria-label="Audit log pages"
        />
      )}
    </Stack>
  );
}

/** For ADMINs: every job of the account with what can be done about it, approval, and who did what. */
export function AdminPage() {
  const [dashboardError, setDashboardError] = useState<unknown>(null);
  // The dashboard shows every account's queues: offered to the platform's operators only.
  const dashboardAccess = useQueueDashboardAccess();
  return (
    <>
      <PageHeader
        title="Admin"
        description="Jobs that are scheduled, waiting, running, paused or failed; approvals; and who did what."
        actions={
          <Group gap="xs">
            <Button component={Link} to="/admin/sender-domains" variant="default">
              Sender domains
            </Button>
            {dashboardAccess.data && (
              <Button
                variant="default"
                leftSection={<IconExternalLink size={16} />}
                onClick={() => openQueueDashboard().catch(setDashboardError)}
              >
                Queue dashboard
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="xl">
        <ApiErrorAlert error={dashboardError} title="Could not open the queue dashboard" />
        <ApprovalSetting />
        <PendingApprovals />
        <Stack gap="sm">
          <Title order={3}>Jobs</Title>
          <JobsTable />
        </Stack>
        <AuditLog />
      </Stack>
    </>
  );
}
