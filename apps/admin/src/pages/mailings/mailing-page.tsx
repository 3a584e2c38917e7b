import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconChartBar,
  IconHandStop,
  IconMessage,
  IconPencil,
  IconSend,
  IconUsers,
  IconX,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useDatabase } from '../../api/databases';
import { useDocument } from '../../api/documents';
import {
  isMailingEditable,
  useMailing,
  useMailingAction,
  useMailingAudience,
  useMailingDestinations,
} from '../../api/mailings';
import { useSelection } from '../../api/selections';
import type {
  DestinationStatus,
  MailingAudienceResponse as MailingAudience,
  MailingResponse as Mailing,
} from '@herald/contracts';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime, formatNumber, formatValue } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { ConfirmButton } from './confirm-button';
import { leftOutReasons, sendSummary } from './mailing-audience';
import { MailingApproval } from './mailing-approval';
import { MailingProgressBar } from './mailing-progress';
import { MailingStatusBadge } from './mailing-status-badge';
import { SchedulePanel } from './schedule-panel';

const STOPPABLE = new Set(['QUEUED', 'SENDING']);

function Property({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={`progress-${label.toLowerCase()}`}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

function SelectionLink({ databaseId, selectionId }: { databaseId: number; selectionId: number }) {
  const selection = useSelection(selectionId);
  return (
    <Anchor component={Link} to={`/databases/${databaseId}/selections/${selectionId}`} size="sm">
      {selection.data?.name ?? `Selection ${selectionId}`}
    </Anchor>
  );
}

function Target({ mailing }: { mailing: Mailing }) {
  const database = useDatabase(mailing.databaseId);
  const collection = database.data?.collections.find((c) => c.id === mailing.collectionId);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Property label="Database">
        <Anchor component={Link} to={`/databases/${mailing.databaseId}`} size="sm">
          {database.data?.name ?? `Database ${mailing.databaseId}`}
        </Anchor>
      </Property>
      {mailing.targetType === 'COLLECTION' && (
        <Property label="Collection">{collection?.name ?? `Collection ${mailing.collectionId}`}</Property>
      )}
      {mailing.targetType === 'SELECTION' && mailing.selectionId !== null && (
        <Property label="Selection">
          <SelectionLink databaseId={mailing.databaseId} selectionId={mailing.selectionId} />
        </Property>
      )}
      <Property label="Sends to">{mailing.toSubprofiles ? 'Subprofiles' : 'Profiles'}</Property>
    </SimpleGrid>
  );
}

function Actions({ mailing, audience }: { mailing: Mailing; audience: MailingAudience | undefined }) {
  const { user } = useAuth();
  const send = useMailingAction(mailing.id, 'send');
  const cancel = useMailingAction(mailing.id, 'cancel');
  const stop = useMailingAction(mailing.id, 'stop');
  return (
    <>
      {isMailingEditable(mailing) && (
        <Button
          variant="default"
          leftSection={<IconPencil size={16} />}
          component={Link}
          to={`/mailings/${mailing.id}/edit`}
        >
          Edit
        </Button>
      )}
      {!isMailingEditable(mailing) && (
        <Button
          variant="default"
          leftSection={<IconChartBar size={16} />}
          component={Link}
          to={`/mailings/${mailing.id}/report`}
        >
          Report
        </Button>
      )}
      {!isMailingEditable(mailing) && mailing.channel !== 'EMAIL' && (
        <Button
          variant="default"
          leftSection={<IconMessage size={16} />}
          component={Link}
          to={`/mailings/${mailing.id}/${mailing.channel === 'SMS' ? 'sms' : 'fax'}-results`}
        >
          {mailing.channel === 'SMS' ? 'SMS results' : 'Fax results'}
        </Button>
      )}
      {isMailingEditable(mailing) && (
        <ConfirmButton
          label="Cancel mailing"
          title="Cancel this mailing?"
          confirmLabel="Cancel mailing"
          variant="subtle"
          color="orange"
          leftSection={<IconX size={16} />}
          pending={cancel.isPending}
          error={cancel.error}
          onOpen={cancel.reset}
          onConfirm={(close) =>
            cancel.mutate(undefined, {
              onSuccess: () => {
                close();
                notifications.show({ color: 'teal', message: 'Mailing cancelled' });
              },
            })
          }
        >
          <Text size="sm">
            “{mailing.name}” will not be sent. A cancelled mailing cannot be sent again; create a new one instead.
          </Text>
        </ConfirmButton>
      )}
      {user?.role === 'ADMIN' && STOPPABLE.has(mailing.status) && (
        <ConfirmButton
          label="Stop sending"
          title="Stop this mailing?"
          confirmLabel="Stop sending"
          color="red"
          leftSection={<IconHandStop size={16} />}
          pending={stop.isPending}
          error={stop.error}
          onOpen={stop.reset}
          onConfirm={(close) =>
            stop.mutate(undefined, {
              onSuccess: () => {
                close();
                notifications.show({ color: 'teal', message: 'Mailing stopped' });
              },
            })
          }
        >
          <Text size="sm">
            What has not yet been handed to the mail server is not sent. Messages already sent cannot be recalled.
            Stopping cannot be undone.
          </Text>
        </ConfirmButton>
      )}
      {mailing.status === 'DRAFT' && (
        <ConfirmButton
          label="Send now"
          title="Send this mailing now?"
          confirmLabel={audience ? sendSummary(audience).replace(/ \(.*\)$/, '') : 'Send now'}
          leftSection={<IconSend size={16} />}
          pending={send.isPending}
          error={send.error}
          onOpen={send.reset}
          onConfirm={(close) =>
            send.mutate(undefined, {
              onSuccess: () => {
                close();
                notifications.show({ color: 'teal', message: 'Mailing queued for sending' });
              },
            })
          }
        >
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Sending cannot be undone">
            <Text size="sm" fw={600} data-testid="confirm-summary">
              {audience ? sendSummary(audience) : 'Counting the recipients…'}
            </Text>
            <Text size="sm" mt={4}>
              “{mailing.name}” goes out with the newest version of its document. Once it is sending, only an admin can
              stop it, and what was sent stays sent.
            </Text>
          </Alert>
        </ConfirmButton>
      )}
    </>
  );
}

const DESTINATION_FILTERS: Array<{ value: string; label: string }> = [
  { value: 'ALL', label: 'All' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'SENT', label: 'Sent' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'SUPPRESSED', label: 'Suppressed' },
];

function Destinations({ mailing }: { mailing: Mailing }) {
  const [filter, setFilter] = useState('ALL');
  const [page, setPage] = useState(1);
  const status = filter === 'ALL' ? undefined : (filter as DestinationStatus);
  const destinations = useMailingDestinations(mailing, status, page);
  return (
    <Paper withBorder>
      <Group justify="space-between" p="md" pb="xs">
        <Title order={5}>Destinations</Title>
        <SegmentedControl
          size="xs"
          data={DESTINATION_FILTERS}
          value={filter}
          onChange={(value) => {
            setFilter(value);
            setPage(1);
          }}
        />
      </Group>
      <QueryState query={destinations}>
        {(result) => (
          <>
            <Table verticalSpacing="xs" aria-label="Destinations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.items.map((destination) => (
                  <Table.Tr key={destination.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/profiles/${destination.profileId}`} size="sm">
                        {destination.address}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        size="sm"
                        color={
                          destination.status === 'FAILED' ? 'red' : destination.status === 'SENT' ? 'teal' : 'gray'
                        }
                      >
                        {destination.status.toLowerCase()}
                      </Badge>
                      {destination.suppressionReason && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          {destination.suppressionReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(destination.sentAt)}</Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {destination.lastErrorCode
                          ? `${destination.lastErrorCode} ${formatValue(destination.lastErrorText)}`
                          : '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {result.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <Text c="dimmed" ta="center" py="md">
                        {mailing.progress.destinations === 0
                          ? 'Destinations are written when the mailing is sent.'
                          : 'No destination has this status.'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
            {result.total > result.pageSize && (
              <Group justify="flex-end" p="sm">
                <Pagination
                  total={Math.ceil(result.total / result.pageSize)}
                  value={page}
                  onChange={setPage}
                  size="sm"
                />
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Paper>
  );
}

/** A draft's audience as it stands now: what the send step will say. */
function Audience({ audience, error }: { audience: MailingAudience | undefined; error: unknown }) {
  const leftOut = audience ? leftOutReasons(audience) : '';
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={5}>Audience</Title>
        {error ? (
          <Text size="sm" c="red">
            {error instanceof Error ? error.message : 'Could not count the recipients'}
          </Text>
        ) : audience ? (
          <Group gap="sm" wrap="nowrap" data-testid="draft-audience">
            <IconUsers size={20} />
            <div>
              <Text fw={700}>
                {formatNumber(audience.recipients)} {audience.recipients === 1 ? 'recipient' : 'recipients'} if sent now
              </Text>
              <Text size="xs" c="dimmed">
                {leftOut ? `Left out: ${leftOut}.` : 'Nobody in the target is left out.'} Counted again at sending.
              </Text>
            </div>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Counting…
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function MailingDetail({ mailing }: { mailing: Mailing }) {
  const document = useDocument(mailing.documentId);
  const editable = isMailingEditable(mailing);
  const audience = useMailingAudience(mailing, editable);
  const { progress, settings } = mailing;
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Mailings', to: '/mailings' }, { label: mailing.name }]}
        pageTitle={mailing.name}
        title={
          <Group gap="sm">
            {mailing.name}
            <MailingStatusBadge status={mailing.status} />
          </Group>
        }
        description={`Created ${formatDateTime(mailing.createdAt)}`}
        actions={<Actions mailing={mailing} audience={audience.data} />}
      />
      <Stack>
        {mailing.status === 'FAILED' && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The mailing failed">
            {mailing.failureReason || 'No reason was recorded.'}
          </Alert>
        )}
        {mailing.status === 'SCHEDULED' && <SchedulePanel mailingId={mailing.id} />}
        {editable && <MailingApproval mailingId={mailing.id} />}
        {editable && <Audience audience={audience.data} error={audience.error} />}
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={5}>Progress</Title>
              <Group gap="lg">
                <Text size="xs" c="dimmed">
                  Queued {formatDateTime(mailing.queuedAt)}
                </Text>
                <Text size="xs" c="dimmed">
                  Started {formatDateTime(mailing.startedAt)}
                </Text>
                <Text size="xs" c="dimmed">
                  Finished {formatDateTime(mailing.finishedAt ?? mailing.cancelledAt)}
                </Text>
              </Group>
            </Group>
            <MailingProgressBar progress={progress} size="lg" />
            <SimpleGrid cols={{ base: 2, sm: 5 }}>
              <Figure label="Destinations" value={progress.destinations} />
              <Figure label="Pending" value={progress.pending} color="blue" />
              <Figure label="Sent" value={progress.sent} color="teal" />
              <Figure label="Failed" value={progress.failed} color={progress.failed > 0 ? 'red' : undefined} />
              <Figure label="Suppressed" value={progress.suppressed} />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              Suppressed destinations are unsubscribed, disabled or duplicate addresses: they are never sent to.
            </Text>
          </Stack>
        </Paper>
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder p="md" h="100%">
              <Stack gap="sm">
                <Title order={5}>Target</Title>
                <Target mailing={mailing} />
                <Title order={5}>Document</Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Property label="Document">
                    <Anchor component={Link} to={`/mailings/documents/${mailing.documentId}`} size="sm">
                      {document.data?.name ?? `Document ${mailing.documentId}`}
                    </Anchor>
                  </Property>
                  <Property label="Subject">{formatValue(document.data?.latest.subject)}</Property>
                </SimpleGrid>
                {isMailingEditable(mailing) && (
                  <Text size="xs" c="dimmed">
                    The newest version of the document at the moment of sending is the one that goes out.
                  </Text>
                )}
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder p="md" h="100%">
              <Stack gap="sm">
                <Title order={5}>Settings</Title>
                <SimpleGrid cols={2}>
                  <Property label="Tracking">{settings.trackingEnabled ? 'Opens and clicks' : 'Off'}</Property>
                  <Property label="Speed">
                    {settings.maxPerMinute ? `${formatNumber(settings.maxPerMinute)} a minute` : 'As fast as possible'}
                  </Property>
                  <Property label="Duplicates">
                    {settings.skipDuplicates ? 'Sent once' : 'Sent to each profile'}
                  </Property>
                  <Property label="Reply to">{formatValue(settings.replyTo)}</Property>
                  <Property label="Stop after">
                    {settings.maxDurationMinutes ? `${settings.maxDurationMinutes} minutes` : '—'}
                  </Property>
                  <Property label="Channel">{mailing.channel.toLowerCase()}</Property>
                </SimpleGrid>
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
        <Destinations mailing={mailing} />
      </Stack>
    </>
  );
}

export function MailingPage() {
  const mailing = useMailing(useIdParam('mailingId'));
  return <QueryState query={mailing}>{(m) => <MailingDetail mailing={m} />}</QueryState>;
}
