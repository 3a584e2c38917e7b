import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { SplitRunReportResponse, SplitRunResponse } from '@herald/contracts';
import { Link } from 'react-router';
import { useSplitRun, useSplitRunAction, useSplitRunPlan, useSplitRunReport } from '../../api/split-runs';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime, formatNumber, formatPercent } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { SplitRunApproval } from './split-run-approval';
import { SPLIT_RUN_STATUS_WORDS as STATUS_WORDS } from './split-runs-table';

/** A split-run: before the start its groups and what they can detect; after it the variants side by side. */
export function SplitRunPage() {
  const id = useIdParam('splitRunId');
  const run = useSplitRun(id);
  return (
    <QueryState query={run}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[{ label: 'Mailings', to: '/mailings' }, { label: data.name }]}
            title={data.name}
            description={`Split-run · ${STATUS_WORDS[data.status]}`}
            actions={<Actions run={data} />}
          />
          {data.status === 'DRAFT' && <SplitRunApproval splitRunId={id} />}
          {data.status === 'DRAFT' ? <Plan id={id} /> : <Comparison id={id} />}
        </>
      )}
    </QueryState>
  );
}

function Actions({ run }: { run: SplitRunResponse }) {
  const action = useSplitRunAction(run.id);
  const open = run.finalMailingId === null && ['DRAFT', 'TESTING', 'WAITING'].includes(run.status);
  return (
    <Stack gap="xs" align="flex-end">
      <Group>
        {run.status === 'DRAFT' && (
          <Button loading={action.isPending} onClick={() => action.mutate({ kind: 'start' })}>
            Start: send the test groups
          </Button>
        )}
        {open && (
          <Button variant="default" color="red" onClick={() => action.mutate({ kind: 'stop' })}>
            Stop before the rest
          </Button>
        )}
      </Group>
      {action.error && <ApiErrorAlert error={action.error} title="Not done" />}
    </Stack>
  );
}

function Plan({ id }: { id: number }) {
  const plan = useSplitRunPlan(id, true);
  return (
    <QueryState query={plan}>
      {(p) => (
        <Stack gap="sm" maw={640}>
          <Title order={3} size="h4">
            Test groups now
          </Title>
          <Table aria-label="Test groups">
            <Table.Tbody>
              {p.groups.map((g) => (
                <Table.Tr key={g.label}>
                  <Table.Th scope="row">Variant {g.label}</Table.Th>
                  <Table.Td>{formatNumber(g.size)} recipients</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">The rest</Table.Th>
                <Table.Td>{formatNumber(p.remainder)} recipients</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="sm">
            With these groups a difference of {formatPercent(p.detectableDifference)} points (on a rate near{' '}
            {formatPercent(p.expectedRate * 100, 0)}) can be told apart with {formatPercent(p.power * 100, 0)} power at{' '}
            {formatPercent(p.level * 100, 0)} confidence; smaller differences may come out as “too close to call”.
          </Text>
        </Stack>
      )}
    </QueryState>
  );
}

function Comparison({ id }: { id: number }) {
  const report = useSplitRunReport(id, true);
  return <QueryState query={report}>{(r) => <ComparisonTable report={r} />}</QueryState>;
}

/** Where the split-run stands in words: a group still to go, stopped, or finished. */
function stateLine(run: SplitRunResponse): string | null {
  const winner = run.variants.find((v) => v.id === run.winnerVariantId)?.label;
  if (run.status === 'CANCELLED')
    return `Stopped at ${formatDateTime(run.cancelledAt)}: the rest receives no winner, and a test group that had not gone yet is not sent.`;
  if (run.status === 'FINISHED')
    return run.withWinner
      ? `Finished at ${formatDateTime(run.finishedAt)}: the rest has received ${winner ?? 'the winner'}.`
      : `Finished at ${formatDateTime(run.finishedAt)}: every variant has gone to its group.`;
  if (run.status === 'TESTING' && run.scheduledAt) {
    const start = new Date(run.scheduledAt).getTime();
    const later = run.variants
      .filter((v) => v.sendAfterMinutes > 0)
      .map((v) => `${v.label} at ${formatDateTime(new Date(start + v.sendAfterMinutes * 60_000).toISOString())}`);
    if (later.length > 0) return `Test groups still to go: ${later.join(', ')}.`;
  }
  return null;
}

function ComparisonTable({ report }: { report: SplitRunReportResponse }) {
  const { splitRun } = report;
  const action = useSplitRunAction(splitRun.id);
  const canChoose = splitRun.withWinner && splitRun.finalMailingId === null && splitRun.status === 'WAITING';
  const state = stateLine(splitRun);
  return (
    <Stack gap="md">
      {state && (
        <Alert
          variant="light"
          color={splitRun.status === 'CANCELLED' ? 'orange' : 'blue'}
          data-testid="split-run-state"
        >
          {state}
        </Alert>
      )}
      {report.significance && (
        <Alert
          variant="light"
          color={report.significance.significant ? 'green' : 'gray'}
          title="Is the difference real?"
        >
          <Text size="sm">{report.significance.sentence}</Text>
          <Text size="xs" c="dimmed">
            Tested: {report.significance.tested}; p = {report.significance.pValue?.toPrecision(3) ?? '—'}
          </Text>
        </Alert>
      )}
      <Text size="sm">
        {splitRun.finalMailingId ? 'Winner: ' : ''}
        {report.winner.reason}
        {splitRun.decideAt && !splitRun.finalMailingId
          ? ` The winner is chosen at ${formatDateTime(splitRun.decideAt)}.`
          : ''}
      </Text>
      <Table aria-label="Variants side by side" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Variant</Table.Th>
            <Table.Th>Sent</Table.Th>
            <Table.Th>Opened</Table.Th>
            <Table.Th>Unique clicks</Table.Th>
            <Table.Th>Clicked</Table.Th>
            <Table.Th>CTR</Table.Th>
            <Table.Th>Errors</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.variants.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Th scope="row">
                <Group gap="xs">
                  {v.mailingId ? <Link to={`/mailings/${v.mailingId}/report`}>{v.label}</Link> : v.label}
                  {v.winner && <Badge color="green">Winner</Badge>}
                </Group>
              </Table.Th>
              <Table.Td>{formatNumber(v.figures.sent)}</Table.Td>
              <Table.Td>{formatPercent(v.figures.rates.opened)}</Table.Td>
              <Table.Td>{formatNumber(v.figures.clicks.unique)}</Table.Td>
              <Table.Td>{formatPercent(v.figures.rates.clicked)}</Table.Td>
              <Table.Td>{formatPercent(v.figures.rates.clickThrough)}</Table.Td>
              <Table.Td>{formatNumber(v.figures.errors)}</Table.Td>
              <Table.Td>
                {canChoose && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => action.mutate({ kind: 'winner', variantId: v.id })}
                  >
                    Send {v.label} to the rest
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {report.remainder && (
            <Table.Tr>
              <Table.Th scope="row">The rest</Table.Th>
              <Table.Td>{formatNumber(report.remainder.sent)}</Table.Td>
              <Table.Td>{formatPercent(report.remainder.rates.opened)}</Table.Td>
              <Table.Td>{formatNumber(report.remainder.clicks.unique)}</Table.Td>
              <Table.Td>{formatPercent(report.remainder.rates.clicked)}</Table.Td>
              <Table.Td>{formatPercent(report.remainder.rates.clickThrough)}</Table.Td>
              <Table.Td>{formatNumber(report.remainder.errors)}</Table.Td>
              <Table.Td />
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {action.error && <ApiErrorAlert error={action.error} title="Not done" />}
    </Stack>
  );
}
