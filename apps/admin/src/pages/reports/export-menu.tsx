import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useExport, type ExportKind } from '../../api/reports';
import type { DominantResult, ExportFormat as ReportFormat } from '@herald/contracts';

const KINDS: Array<{ kind: ExportKind; label: string }> = [
  { kind: 'report', label: 'Report' },
  { kind: 'recipients', label: 'Recipients' },
  { kind: 'errors', label: 'Errors' },
];

/** Downloads through fetch with the bearer token: a plain link would not carry it. */
export function ExportMenu({
  mailingId,
  result,
  only,
}: {
  mailingId: number;
  result?: DominantResult;
  only?: ExportKind;
}) {
  const exporter = useExport(mailingId);
  const start = (kind: ExportKind, format: ReportFormat) =>
    exporter.mutate(
      { kind, format, result: kind === 'recipients' ? result : undefined },
      {
        onSuccess: (name) => notifications.show({ color: 'teal', message: `Downloaded ${name}` }),
        onError: (error) => notifications.show({ color: 'red', title: 'Could not export', message: error.message }),
      },
    );
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
          loading={exporter.isPending}
        >
          {only ? `Export ${only}` : 'Export'}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {KINDS.filter(({ kind }) => !only || kind === only).map(({ kind, label }) => [
          <Menu.Label key={`${kind}-label`}>{label}</Menu.Label>,
          <Menu.Item key={`${kind}-csv`} onClick={() => start(kind, 'csv')}>
            {label} as CSV
          </Menu.Item>,
          <Menu.Item key={`${kind}-xlsx`} onClick={() => start(kind, 'xlsx')}>
            {label} as Excel (XLSX)
          </Menu.Item>,
        ])}
      </Menu.Dropdown>
    </Menu>
  );
}
