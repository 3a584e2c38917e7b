import { Badge, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SmsReportResponse as SmsReport } from '@herald/contracts';
import { formatNumber } from '../../components/format';
import { TableScroll } from '../../components/table-scroll';

/** What the SMS and fax reports share: where the messages ended and why those that failed did. */
type DeliveryFigures = Pick<
  SmsReport,
  | 'destinations'
  | 'sent'
  | 'delivered'
  | 'confirmed'
  | 'awaitingReport'
  | 'failed'
  | 'undelivered'
  | 'pending'
  | 'failures'
>;

const KIND_LABELS: Record<NonNullable<SmsReport['failures'][number]['kind']>, { label: string; color: string }> = {
  HARD: { label: 'hard: number suppressed', color: 'red' },
  SOFT: { label: 'soft', color: 'yellow' },
  COMPOSE: { label: 'could not be made', color: 'gray' },
};

export function ResultFigure({
  label,
  value,
  testId,
  hint,
}: {
  label: string;
  value: string;
  testId: string;
  hint?: string;
}) {
  return (
    <Paper withBorder p="md">
      <Stack gap={4}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
        <Text size="28px" fw={700} lh={1.1} data-testid={testId}>
          {value}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * An SMS or fax mailing's results: the delivery figures, the channel's own (segments and cost, or
 * pages) and the failures by code or reason.
 */
export function ProviderResults({
  figures,
  provider,
  prefix,
  children,
}: {
  figures: DeliveryFigures;
  /** Who accepts the messages, for the figures' hints. */
  provider: string;
  /** Of the figures' test ids: `sms` gives `sms-sent`. */
  prefix: string;
  children: ReactNode;
}) {
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing={{ base: 'xs', sm: 'md' }}>
        <ResultFigure label="Messages" value={formatNumber(figures.destinations)} testId={`${prefix}-destinations`} />
        <ResultFigure
          label="Sent"
          value={formatNumber(figures.sent)}
          testId={`${prefix}-sent`}
          hint={`Accepted by ${provider}`}
        />
        <ResultFigure
          label="Delivered"
          value={formatNumber(figures.delivered)}
          testId={`${prefix}-delivered`}
          hint={`${formatNumber(figures.confirmed)} confirmed by a delivery report, ${formatNumber(figures.awaitingReport)} awaiting one`}
        />
        <ResultFigure label="Undelivered" value={formatNumber(figures.undelivered)} testId={`${prefix}-undelivered`} />
        <ResultFigure
          label="Failed"
          value={formatNumber(figures.failed)}
          testId={`${prefix}-failed`}
          hint="Never accepted"
        />
        <ResultFigure
          label="Pending"
          value={formatNumber(figures.pending)}
          testId={`${prefix}-pending`}
          hint="Not sent yet"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
        {children}
      </SimpleGrid>
      <Paper withBorder>
        <Title order={3} size="h4" p="md" pb={0}>
          Why messages failed
        </Title>
        {figures.failures.length === 0 ? (
          <Text size="sm" c="dimmed" p="md" data-testid={`${prefix}-no-failures`}>
            No message failed.
          </Text>
        ) : (
          <TableScroll minWidth={420}>
            <Table verticalSpacing="xs" aria-label="Failures by error code" data-testid={`${prefix}-failures`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th ta="right">Messages</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {figures.failures.map((failure) => (
                  <Table.Tr key={`${failure.code}-${failure.kind ?? ''}`}>
                    <Table.Td>{failure.code}</Table.Td>
                    <Table.Td>
                      {failure.kind ? (
                        <Badge variant="light" color={KIND_LABELS[failure.kind].color}>
                          {KIND_LABELS[failure.kind].label}
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(failure.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Paper>
    </Stack>
  );
}
