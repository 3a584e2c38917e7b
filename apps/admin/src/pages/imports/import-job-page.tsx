import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Pagination,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDatabase } from '../../api/databases';
import { isImportFinished, useDownloadRejections, useImportJob, useImportRejections } from '../../api/imports';
import type { ImportResponse as ImportJob } from '@herald/contracts';
import { IMPORT_STATUS_COLORS, IMPORT_STATUS_LABELS } from './recent-imports';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { useIdParam } from '../../components/use-id-param';

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={`import-${label.toLowerCase()}`}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

function Rejections({ job }: { job: ImportJob }) {
  const [page, setPage] = useState(1);
  const rejections = useImportRejections(job.id, page, job.rejected > 0);
  const download = useDownloadRejections(job.id);
  if (job.rejected === 0) return null;
  return (
    <Paper withBorder>
      <Group justify="space-between" p="md" pb="xs" gap="xs">
        <div>
          <Title order={5}>Rejected rows</Title>
          <Text size="sm" c="dimmed">
            These rows were not imported; correct them in the file and import it again.
          </Text>
        </div>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
          loading={download.isPending}
          onClick={() => download.mutate()}
        >
          Download as CSV
        </Button>
      </Group>
      <ApiErrorAlert error={download.error} title="Could not download the rejected rows" />
      <QueryState query={rejections}>
        {(result) => (
          <>
            <TableScroll minWidth={560}>
              <Table verticalSpacing="xs" aria-label="Rejected rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Line</Table.Th>
                    <Table.Th>Column</Table.Th>
                    <Table.Th>Value in the file</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.items.map((rejection, index) => (
                    <Table.Tr key={`${rejection.line}-${index}`}>
                      <Table.Td>{rejection.line}</Table.Td>
                      <Table.Td>{rejection.column ?? '—'}</Table.Td>
                      <Table.Td>
                        {rejection.value === null ? (
                          '—'
                        ) : (
                          <Code data-testid="rejected-value">
                            {rejection.value === '' ? '(empty)' : rejection.value}
                          </Code>
                        )}
                      </Table.Td>
                      <Table.Td>{rejection.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
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

function ImportProgress({ job, databaseId }: { job: ImportJob; databaseId: number }) {
  const processed = job.created + job.updated + job.unchanged + job.rejected;
  const percent =
    job.status === 'DONE' ? 100 : job.totalRows > 0 ? Math.min(100, (processed / job.totalRows) * 100) : 0;
  const finished = isImportFinished(job);
  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={5}>{job.fileName || `Import #${job.id}`}</Title>
              <Badge color={IMPORT_STATUS_COLORS[job.status]} variant="light" data-testid="import-status">
                {IMPORT_STATUS_LABELS[job.status]}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {job.totalRows > 0
                ? `${formatNumber(processed)} of ${formatNumber(job.totalRows)} rows`
                : 'Counting rows…'}
            </Text>
          </Group>
          <Progress
            value={percent}
            size="lg"
            color={job.status === 'FAILED' ? 'red' : job.status === 'DONE' ? 'teal' : 'indigo'}
            animated={!finished}
            striped={!finished}
            aria-label="Import progress"
          />
          <Group gap="xl" style={{ rowGap: 'var(--mantine-spacing-xs)' }}>
            <Text size="xs" c="dimmed">
              Queued {formatDateTime(job.createdAt)}
            </Text>
            <Text size="xs" c="dimmed">
              Started {formatDateTime(job.startedAt)}
            </Text>
            <Text size="xs" c="dimmed">
              Finished {formatDateTime(job.finishedAt)}
            </Text>
            {job.dateFormat && (
              <Text size="xs" c="dimmed" data-testid="import-date-format">
                Dates read as {job.dateFormat}
              </Text>
            )}
          </Group>
        </Stack>
      </Paper>
      {job.status === 'FAILED' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The import failed">
          {job.failure || 'No reason was recorded.'} Rows imported before the failure are kept.
        </Alert>
      )}
      {job.status === 'DONE' && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Import finished">
          {formatNumber(job.created)} created, {formatNumber(job.updated)} updated, {formatNumber(job.unchanged)}{' '}
          unchanged and {formatNumber(job.rejected)} rejected.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Created" value={job.created} color="teal" />
        <Figure label="Updated" value={job.updated} color="blue" />
        <Figure label="Unchanged" value={job.unchanged} />
        <Figure label="Rejected" value={job.rejected} color={job.rejected > 0 ? 'red' : undefined} />
      </SimpleGrid>
      {finished && <Rejections job={job} />}
      <Group>
        <Button component={Link} to={`/databases/${databaseId}/profiles`} variant={finished ? 'filled' : 'default'}>
          View profiles
        </Button>
        <Button component={Link} to={`/databases/${databaseId}/import`} variant="default">
          Import another file
        </Button>
      </Group>
    </Stack>
  );
}

export function ImportJobPage() {
  const databaseId = useIdParam('databaseId');
  const importId = useIdParam('importId');
  const database = useDatabase(databaseId);
  const job = useImportJob(importId, databaseId);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Databases', to: '/databases' },
          { label: database.data?.name ?? 'Database', to: `/databases/${databaseId}` },
          { label: 'Import' },
        ]}
        title="Import progress"
      />
      <QueryState query={job}>{(data) => <ImportProgress job={data} databaseId={databaseId} />}</QueryState>
    </>
  );
}
