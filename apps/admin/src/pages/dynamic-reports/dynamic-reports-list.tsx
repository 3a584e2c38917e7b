import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDeleteDynamicReport, useDynamicReports, useSaveDynamicReportAs } from '../../api/dynamic-reports';
import type { DynamicReportResponse as DynamicReport } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { SaveReportModal } from './save-report-modal';

/** Where a report opens in the builder: a ready-made one by its key, a saved one by its id. */
export function reportPath(report: Pick<DynamicReport, 'id' | 'templateKey'>): string {
  return report.id !== null
    ? `/statistics/dynamic/${report.id}`
    : `/statistics/dynamic/templates/${encodeURIComponent(report.templateKey ?? '')}`;
}

function ReportRow({
  report,
  onSaveAs,
  onDelete,
}: {
  report: DynamicReport;
  onSaveAs(report: DynamicReport): void;
  onDelete(report: DynamicReport): void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={reportPath(report)} fw={500} size="sm">
          {report.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        {report.template ? (
          <Badge variant="light" color="gray">
            Template
          </Badge>
        ) : report.shared ? (
          <Badge variant="light">Shared</Badge>
        ) : (
          <Badge variant="light" color="teal">
            Mine
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {report.template ? 'Ready-made' : formatDateTime(report.updatedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button size="xs" variant="default" component={Link} to={reportPath(report)}>
            Open
          </Button>
          <Button size="xs" variant="default" onClick={() => onSaveAs(report)} aria-label={`Save as: ${report.name}`}>
            Save as
          </Button>
          {report.ownedByMe && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() => onDelete(report)}
              aria-label={`Delete: ${report.name}`}
            >
              Delete
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The ready-made reports and the saved ones: open one in the builder, copy it with "save as", or delete it. */
export function DynamicReportsList() {
  const reports = useDynamicReports();
  const navigate = useNavigate();
  const saveAs = useSaveDynamicReportAs();
  const remove = useDeleteDynamicReport();
  const [copying, setCopying] = useState<DynamicReport | null>(null);
  const [deleting, setDeleting] = useState<DynamicReport | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={640}>
          Mailing results by who the recipients are: drag profile fields, age bands, the mailing or the day to rows and
          columns, and metrics to the values. Templates are copied with “Save as”.
        </Text>
        <Button component={Link} to="/statistics/dynamic/new" leftSection={<IconPlus size={16} />}>
          New report
        </Button>
      </Group>
      <QueryState query={reports}>
        {(list) => (
          <Paper withBorder>
            <TableScroll minWidth={560} label="Dynamic reports, scrolls sideways">
              <Table verticalSpacing="xs" aria-label="Dynamic reports">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Changed</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((report) => (
                    <ReportRow
                      key={report.id ?? `template-${report.templateKey}`}
                      report={report}
                      onSaveAs={(r) => {
                        saveAs.reset();
                        setCopying(r);
                      }}
                      onDelete={(r) => {
                        remove.reset();
                        setDeleting(r);
                      }}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </Paper>
        )}
      </QueryState>
      <SaveReportModal
        opened={copying !== null}
        title={`Save “${copying?.name ?? ''}” as`}
        initialName={copying ? `${copying.name} (copy)` : ''}
        pending={saveAs.isPending}
        error={saveAs.error}
        onClose={() => setCopying(null)}
        onSave={({ name, shared }) => {
          if (!copying) return;
          saveAs.mutate(
            { from: copying.id ?? copying.templateKey ?? '', name, shared },
            {
              onSuccess: (created) => {
                setCopying(null);
                notifications.show({ color: 'teal', message: `Saved “${created.name}”` });
                navigate(reportPath(created));
              },
            },
          );
        }}
      />
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete dynamic report"
        closeButtonProps={{ 'aria-label': 'Close without deleting' }}
      >
        <Stack>
          <Text size="sm">Delete “{deleting?.name}”? This cannot be undone.</Text>
          <ApiErrorAlert error={remove.error} title="Could not delete the report" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                deleting?.id &&
                remove.mutate(deleting.id, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: `Deleted “${deleting.name}”` });
                    setDeleting(null);
                  },
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
