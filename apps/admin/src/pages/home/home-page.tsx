import { Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconPlus } from '@tabler/icons-react';
import type { CampaignEmailPerformanceRow, MailingResponse as Mailing } from '@herald/contracts';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useDatabases } from '../../api/databases';
import { useDocuments } from '../../api/documents';
import { useMailings } from '../../api/mailings';
import { useCampaignEmailPerformance } from '../../api/reports';
import { formatDateTime, formatPercent } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { MailingProgressBar, ProgressSummary } from '../mailings/mailing-progress';
import { MailingStatusBadge } from '../mailings/mailing-status-badge';
import { nextSteps, summariseMailings } from './home-summary';

const DAY = 86_400_000;
/** How far back the last mailings' rates are looked up. */
const RECENT_DAYS = 90;

function NextSteps() {
  const databases = useDatabases();
  const documents = useDocuments();
  const mailings = useMailings();
  if (!databases.data || !documents.data || !mailings.data) return null;
  const steps = nextSteps({
    databases: databases.data,
    documentCount: documents.data.length,
    mailingCount: mailings.data.length,
  });
  if (steps.every((step) => step.done)) return null;
  const next = steps.find((step) => !step.done);
  return (
    <Paper withBorder p="lg" aria-labelledby="next-steps-title">
      <Title order={3} size="h4" id="next-steps-title" mb="sm">
        Get started
      </Title>
      <List spacing="sm" center>
        {steps.map((step) => (
          <List.Item
            key={step.key}
            data-testid={`next-step-${step.key}`}
            data-done={step.done}
            icon={
              <ThemeIcon color={step.done ? 'teal' : 'gray'} variant="light" size={26} radius="xl">
                {step.done ? <IconCircleCheck size={18} /> : <IconCircleDashed size={18} />}
              </ThemeIcon>
            }
          >
            <Anchor
              component={Link}
              to={step.to}
              fw={step === next ? 700 : 500}
              td={step.done ? 'line-through' : undefined}
            >
              {step.label}
            </Anchor>
            {step.done && (
              <Text span size="sm" c="teal.9">
                {' '}
                (done)
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {step.description}
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

function MailingLine({ mailing }: { mailing: Mailing }) {
  return (
    <Stack gap={4} data-testid="home-mailing">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to={`/mailings/${mailing.id}`} fw={500} style={{ minWidth: 0 }}>
          {mailing.name}
        </Anchor>
        <MailingStatusBadge status={mailing.status} />
      </Group>
      {mailing.status !== 'SCHEDULED' && <MailingProgressBar progress={mailing.progress} size="sm" />}
      {mailing.progress.destinations > 0 && <ProgressSummary progress={mailing.progress} />}
    </Stack>
  );
}

function MailingsBox({
  title,
  testId,
  empty,
  mailings,
}: {
  title: string;
  testId: string;
  empty: string;
  mailings: Mailing[];
}) {
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {mailings.length === 0 ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <Stack gap="md">
          {mailings.map((mailing) => (
            <MailingLine key={mailing.id} mailing={mailing} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function RecentMailings({ mailings }: { mailings: Mailing[] }) {
  // The frame is fixed for the page's life: a new "now" on each render would ask the API again and again.
  const frame = useMemo(() => {
    const now = Date.now();
    return { from: new Date(now - RECENT_DAYS * DAY).toISOString(), to: new Date(now + DAY).toISOString() };
  }, []);
  const performance = useCampaignEmailPerformance(frame.from, frame.to);
  const rows = new Map<number, CampaignEmailPerformanceRow>(
    (performance.data?.rows ?? []).map((row) => [row.mailing.id, row]),
  );
  return (
    <Paper withBorder data-testid="home-recent">
      <Group justify="space-between" p="lg" pb="xs">
        <Title order={3} size="h4">
          Last mailings
        </Title>
        <Anchor component={Link} to="/statistics" size="sm">
          All statistics
        </Anchor>
      </Group>
      {mailings.length === 0 ? (
        <Text c="dimmed" size="sm" px="lg" pb="lg">
          Nothing sent yet. The rates of your last mailings show here once they have gone out.
        </Text>
      ) : (
        <TableScroll minWidth={620}>
          <Table verticalSpacing="sm" aria-label="Last mailings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Mailing</Table.Th>
                <Table.Th ta="right">Delivered</Table.Th>
                <Table.Th ta="right">Opened</Table.Th>
                <Table.Th ta="right">Clicked</Table.Th>
                <Table.Th ta="right">Unsubscribed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mailings.map((mailing) => {
                const row = rows.get(mailing.id);
                return (
                  <Table.Tr key={mailing.id} data-testid="home-recent-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/mailings/${mailing.id}/report`} fw={500}>
                        {mailing.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(mailing.finishedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatPercent(row?.rates.delivered)}</Table.Td>
                    <Table.Td ta="right">{formatPercent(row?.rates.opened)}</Table.Td>
                    <Table.Td ta="right">{formatPercent(row?.rates.clicked)}</Table.Td>
                    <Table.Td ta="right">{formatPercent(row?.rates.unsubscribed)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Paper>
  );
}

/** The first screen: what goes out now, what comes next, how the last mailings did, and a new account's next step. */
export function HomePage() {
  const mailings = useMailings();
  return (
    <>
      <PageHeader
        title="Home"
        description="What is going out, what comes next, and how your last mailings did."
        actions={
          <Button leftSection={<IconPlus size={16} />} component={Link} to="/mailings/new">
            New mailing
          </Button>
        }
      />
      <Stack gap="lg">
        <NextSteps />
        <QueryState query={mailings}>
          {(list) => {
            const summary = summariseMailings(list);
            return (
              <>
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
                  <MailingsBox
                    title="Sending now"
                    testId="home-sending"
                    empty="Nothing is going out right now."
                    mailings={summary.sending}
                  />
                  <MailingsBox
                    title="Scheduled next"
                    testId="home-scheduled"
                    empty="Nothing is scheduled."
                    mailings={summary.scheduled}
                  />
                </SimpleGrid>
                <RecentMailings mailings={summary.recent} />
              </>
            );
          }}
        </QueryState>
      </Stack>
    </>
  );
}
