import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { SenderDomainResponse } from '@herald/contracts';
import { ApiError } from '../../api/client';
import { useSenderDomainAction, useSenderDomains } from '../../api/sender-domains';
import { useAuth } from '../../auth/auth-context';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { ConfirmButton } from '../mailings/confirm-button';

type DnsRecord = SenderDomainResponse['records'][number];

const PURPOSES: Record<DnsRecord['purpose'], string> = {
  dkim: 'DKIM key',
  'dkim-ed25519': 'DKIM key (Ed25519)',
  spf: 'SPF',
  dmarc: 'DMARC policy',
  'return-path': 'Return path',
  tracking: 'Tracking links',
};

const STATES: Record<DnsRecord['state'], { label: string; color: string }> = {
  found: { label: 'found', color: 'teal' },
  missing: { label: 'missing', color: 'red' },
  different: { label: 'different', color: 'orange' },
  unchecked: { label: 'not checked', color: 'gray' },
};

function Copyable({ value, label }: { value: string; label: string }) {
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Code style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'}>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'indigo'} onClick={copy} aria-label={label}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function Records({ domain }: { domain: SenderDomainResponse }) {
  return (
    <TableScroll minWidth={760}>
      <Table verticalSpacing="xs" aria-label={`DNS records of ${domain.displayName}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Record</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {domain.records.map((record) => (
            <Table.Tr key={record.purpose} data-testid="dns-record">
              <Table.Td>
                <Text size="sm">{PURPOSES[record.purpose]}</Text>
                <Text size="xs" c="dimmed">
                  {record.required ? 'required' : 'recommended'}
                </Text>
              </Table.Td>
              <Table.Td>{record.type}</Table.Td>
              <Table.Td>
                <Copyable value={record.name} label={`Copy the name of the ${PURPOSES[record.purpose]} record`} />
              </Table.Td>
              <Table.Td maw={420}>
                <Copyable value={record.value} label={`Copy the value of the ${PURPOSES[record.purpose]} record`} />
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={STATES[record.state].color}>
                  {STATES[record.state].label}
                </Badge>
                {record.detail && (
                  <Text size="xs" c="dimmed">
                    {record.detail}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function SenderDomain({ domain, isAdmin }: { domain: SenderDomainResponse; isAdmin: boolean }) {
  const action = useSenderDomainAction();
  return (
    <Paper withBorder p="md" data-testid="sender-domain">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3}>{domain.displayName}</Title>
            {domain.displayName !== domain.domain && (
              <Text size="xs" c="dimmed">
                In DNS: {domain.domain}
              </Text>
            )}
            <Group gap="xs">
              <Badge variant="light" color={domain.verifiedAt ? 'teal' : 'orange'}>
                {domain.verifiedAt ? 'verified' : 'not verified'}
              </Badge>
              <Text size="xs" c="dimmed">
                {domain.checkedAt ? `Checked ${formatDateTime(domain.checkedAt)}` : 'Not checked yet'}
              </Text>
            </Group>
          </Stack>
          {isAdmin && (
            <Group gap="xs">
              <Button
                variant="light"
                loading={action.isPending && action.variables?.kind === 'verify'}
                onClick={() =>
                  action.mutate(
                    { kind: 'verify', id: domain.id },
                    { onSuccess: () => notifications.show({ message: `${domain.displayName} checked` }) },
                  )
                }
              >
                Verify
              </Button>
              <ConfirmButton
                label="Delete"
                title={`Delete ${domain.displayName}?`}
                confirmLabel="Delete domain"
                variant="subtle"
                color="red"
                pending={action.isPending}
                error={action.error}
                onOpen={action.reset}
                onConfirm={(close) => action.mutate({ kind: 'delete', id: domain.id }, { onSuccess: close })}
              >
                <Text size="sm">
                  Messages from {domain.displayName} are no longer signed. Its keys are gone for good.
                </Text>
              </ConfirmButton>
            </Group>
          )}
        </Group>
        <ApiErrorAlert error={action.error} title="Could not do that" />
        <Text size="sm">
          Publish these records at your DNS provider, then verify. DKIM, SPF and DMARC are required; merge the SPF
          include into an SPF record you already have, as a domain may have only one.
        </Text>
        <Records domain={domain} />
      </Stack>
    </Paper>
  );
}

function AddDomain() {
  const action = useSenderDomainAction();
  const [domain, setDomain] = useState('');
  const [ed25519, setEd25519] = useState(false);
  const error = action.error instanceof ApiError ? action.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.mutate(
      { kind: 'add', domain, ed25519 },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${domain.trim()} added: publish its records` });
          setDomain('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Domain"
          description="The part after @ in your sender address"
          placeholder="news.example.com"
          value={domain}
          onChange={(event) => setDomain(event.currentTarget.value)}
          error={error?.issueAt('domain') ?? (error?.status === 409 ? error.message : undefined)}
          required
          style={{ flex: 1, minWidth: 220 }}
        />
        <Checkbox
          label="Also an Ed25519 key"
          checked={ed25519}
          onChange={(event) => setEd25519(event.currentTarget.checked)}
          mb={8}
        />
        <Button type="submit" loading={action.isPending}>
          Add domain
        </Button>
      </Group>
      {error && !error.issueAt('domain') && error.status !== 409 && (
        <ApiErrorAlert error={action.error} title="Could not add the domain" />
      )}
    </Paper>
  );
}

/** Sender domains (issue 17): the domains mail is sent and signed from, the DNS records to publish, their state. */
export function SenderDomainsPage() {
  const domains = useSenderDomains();
  const { user } = useAuth();
  const isAdmin = user?.role === 'ADMIN';
  return (
    <>
      <PageHeader
        title="Sender domains"
        crumbs={[{ label: 'Admin', to: '/admin' }]}
        description="Herald signs every message with its sender domain's DKIM key. Receivers trust a domain whose DKIM, SPF and DMARC records are published."
      />
      <Stack gap="lg">
        {isAdmin && <AddDomain />}
        <QueryState query={domains}>
          {(items) =>
            items.length === 0 ? (
              <Paper withBorder p="xl" ta="center">
                <Text c="dimmed">No sender domain yet: messages go out unsigned.</Text>
              </Paper>
            ) : (
              items.map((domain) => <SenderDomain key={domain.id} domain={domain} isAdmin={isAdmin} />)
            )
          }
        </QueryState>
      </Stack>
    </>
  );
}
