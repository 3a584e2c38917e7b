import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useCreateShare, useRevokeShare, useShares } from '../../api/reports';
import type { CreatedShareResponse as CreatedShare, ShareResponse as Share } from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { formatDateTime, toDateInput } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { expiryOf, sharedReportUrl } from './report-figures';

function shareStatus(share: Share): { label: string; color: string } {
  if (share.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (!share.active) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

function NewLink({ share }: { share: CreatedShare }) {
  const url = sharedReportUrl(window.location.origin, share.token);
  return (
    <Alert color="teal" variant="light" icon={<IconLink size={18} />} title={`Link “${share.title}” created`}>
      <Stack gap="xs">
        <Text size="sm">
          Anyone with this link sees the report, without logging in. Copy it now: it is shown only once.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            value={url}
            readOnly
            aria-label="Shared link"
            style={{ flex: 1 }}
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'}>
                <ActionIcon
                  variant="light"
                  color={copied ? 'teal' : 'indigo'}
                  size="lg"
                  onClick={copy}
                  aria-label="Copy link"
                >
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        {share.expiresAt && <Text size="xs">Works until {formatDateTime(share.expiresAt)}.</Text>}
      </Stack>
    </Alert>
  );
}

function ExistingShares({ mailingId, opened }: { mailingId: number; opened: boolean }) {
  const shares = useShares(mailingId, opened);
  const revoke = useRevokeShare(mailingId);
  return (
    <QueryState query={shares}>
      {(list) =>
        list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No links yet.
          </Text>
        ) : (
          <>
            <ApiErrorAlert error={revoke.error} title="Could not revoke the link" />
            <Table verticalSpacing={6} aria-label="Shared links">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((share) => {
                  const status = shareStatus(share);
                  return (
                    <Table.Tr key={share.id}>
                      <Table.Td>{share.title}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" size="sm" color={status.color}>
                          {status.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{share.expiresAt ? formatDateTime(share.expiresAt) : 'Never'}</Table.Td>
                      <Table.Td ta="right">
                        {share.active && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            loading={revoke.isPending && revoke.variables === share.id}
                            onClick={() => revoke.mutate(share.id)}
                          >
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </>
        )
      }
    </QueryState>
  );
}

/** A secret, read-only link to the report for people without an account: figures only, no recipients. */
export function ShareModal({
  mailingId,
  mailingName,
  opened,
  onClose,
}: {
  mailingId: number;
  mailingName: string;
  opened: boolean;
  onClose(): void;
}) {
  const create = useCreateShare(mailingId);
  const [title, setTitle] = useState(mailingName);
  const [expires, setExpires] = useState('');
  const close = () => {
    create.reset();
    setTitle(mailingName);
    setExpires('');
    onClose();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ title: title.trim(), expiresAt: expiryOf(expires) });
  };
  return (
    <Modal opened={opened} onClose={close} title="Share the report" size="lg">
      <Stack>
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              The link shows the key figures, the dominant results, the timeline and the links. It shows no recipients
              and allows no export.
            </Text>
            <ApiErrorAlert error={create.error} title="Could not create the link" />
            <Group align="flex-start" grow>
              <TextInput
                label="Title"
                required
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                error={issueAt(create.error, 'title')}
              />
              <TextInput
                label="Expires"
                description="Optional; the link stops working after this day."
                type="date"
                min={toDateInput(new Date())}
                value={expires}
                onChange={(e) => setExpires(e.currentTarget.value)}
                error={issueAt(create.error, 'expiresAt')}
              />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconLink size={16} />} loading={create.isPending}>
                Create link
              </Button>
            </Group>
          </Stack>
        </form>
        {create.data && <NewLink share={create.data} />}
        <Title order={6}>Links to this report</Title>
        <ExistingShares mailingId={mailingId} opened={opened} />
      </Stack>
    </Modal>
  );
}
