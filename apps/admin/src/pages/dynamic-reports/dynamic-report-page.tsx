import { Alert, Button, Group, Menu, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { databaseKeys } from '../../api/databases';
import { useDynamicReport, useExportPivot, usePivot, useSaveDynamicReport } from '../../api/dynamic-reports';
import { useMailings } from '../../api/mailings';
import {
  DYNAMIC_REPORT_TEMPLATES,
  type DatabaseDetailResponse as DatabaseDetail,
  type DynamicReportResponse as DynamicReport,
  type MailingResponse as Mailing,
  type PivotDefinition,
  type PivotRequest,
} from '@herald/contracts';
import { ApiError } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { toDateInput } from '../../components/format';
import { MissingPage } from '../../components/missing-page';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { reportPath } from './dynamic-reports-list';
import { PivotChart } from './pivot-chart';
import { PivotFilters } from './pivot-filters';
import { definitionOf, issueZone, paletteOf, periodScope, valuesIn, type Zone } from './pivot-layout';
import { PivotTable } from './pivot-table';
import { PivotZones } from './pivot-zones';
import { SaveReportModal } from './save-report-modal';

const EMPTY: PivotDefinition = { rows: [], columns: [], metrics: [], filters: [] };
const DAY = 86_400_000;

type Scope = { kind: 'mailing'; mailingId: number | null } | { kind: 'period'; from: string; to: string };

/** The scope is in the address (`?mailingId=` or `?from=&to=`), so a saved report reopens on what was looked at. */
function useScope(mailings: Mailing[]): [Scope, (scope: Scope) => void] {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const latest = mailings
    .filter((m) => m.startedAt)
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0];
  const scope: Scope =
    from && to
      ? { kind: 'period', from, to }
      : { kind: 'mailing', mailingId: Number(params.get('mailingId')) || latest?.id || null };
  const set = (next: Scope) =>
    setParams(
      next.kind === 'period'
        ? { from: next.from, to: next.to }
        : next.mailingId
          ? { mailingId: String(next.mailingId) }
          : {},
      { replace: true },
    );
  return [scope, set];
}

/** The fields of the databases the scope's mailings went to, each name once. */
function useScopeFields(databaseIds: number[]) {
  const results = useQueries({
    queries: databaseIds.map((id) => ({
      queryKey: databaseKeys.detail(id),
      queryFn: () => api.get<DatabaseDetail>(`/databases/${id}`),
    })),
  });
  const seen = new Set<string>();
  return results
    .flatMap((r) => r.data?.fields ?? [])
    .filter((f) => (seen.has(f.name) ? false : (seen.add(f.name), true)));
}

function ScopePicker({ scope, mailings, onChange }: { scope: Scope; mailings: Mailing[]; onChange(s: Scope): void }) {
  const started = mailings.filter((m) => m.startedAt);
  return (
    <Group align="flex-end" gap="sm">
      <SegmentedControl
        aria-label="Scope"
        value={scope.kind}
        data={[
          { value: 'mailing', label: 'One mailing' },
          { value: 'period', label: 'A period' },
        ]}
        onChange={(kind) =>
          onChange(
            kind === 'period'
              ? { kind, from: toDateInput(new Date(Date.now() - 30 * DAY)), to: toDateInput(new Date()) }
              : { kind: 'mailing', mailingId: started[0]?.id ?? null },
          )
        }
      />
      {scope.kind === 'mailing' ? (
        <Select
          label="Mailing"
          placeholder={started.length ? 'Choose a mailing' : 'No mailing was sent yet'}
          data={started.map((m) => ({ value: String(m.id), label: m.name }))}
          value={scope.mailingId ? String(scope.mailingId) : null}
          onChange={(value) => onChange({ kind: 'mailing', mailingId: value ? Number(value) : null })}
          searchable
          w={280}
        />
      ) : (
        <>
          <TextInput
            label="From"
            type="date"
            value={scope.from}
            max={scope.to}
            onChange={(e) => onChange({ ...scope, from: e.currentTarget.value })}
            w={170}
          />
          <TextInput
            label="To"
            type="date"
            value={scope.to}
            min={scope.from}
            onChange={(e) => onChange({ ...scope, to: e.currentTarget.value })}
            w={170}
          />
        </>
      )}
    </Group>
  );
}

function requestOf(edited: PivotDefinition, scope: Scope): PivotRequest | null {
  if (edited.metrics.length === 0) return null;
  const layout = definitionOf(edited);
  if (scope.kind === 'mailing') return scope.mailingId ? { ...layout, scope: { mailingId: scope.mailingId } } : null;
  const period = periodScope(scope.from, scope.to);
  return period ? { ...layout, scope: period } : null;
}

function ExportButton({ request }: { request: PivotRequest | null }) {
  const exporter = useExportPivot();
  const start = (format: 'csv' | 'xlsx') =>
    request &&
    exporter.mutate(
      { request, format },
      {
        onSuccess: (name) => notifications.show({ color: 'teal', message: `Downloaded ${name}` }),
        onError: (error) => notifications.show({ color: 'red', title: 'Could not export', message: error.message }),
      },
    );
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
          loading={exporter.isPending}
          disabled={!request}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => start('csv')}>As CSV</Menu.Item>
        <Menu.Item onClick={() => start('xlsx')}>As Excel (XLSX)</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

type Source = { report: DynamicReport | null; templateName?: string; definition: PivotDefinition };

function Builder({ source, mailings }: { source: Source; mailings: Mailing[] }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [layout, setLayout] = useState<PivotDefinition>(source.definition);
  const [refused, setRefused] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'save' | 'save-as' | null>(null);
  const [scope, setScope] = useScope(mailings);
  const { report } = source;
  // Its owner saves a report in place; anything else (new, a template, someone else's, "save as") is a new report.
  const canSaveInPlace = report !== null && report.ownedByMe;
  const save = useSaveDynamicReport(canSaveInPlace && dialog === null ? report.id : null);

  const databaseIds = useMemo(() => {
    const inScope =
      scope.kind === 'mailing'
        ? mailings.filter((m) => m.id === scope.mailingId)
        : mailings.filter((m) => {
            const period = periodScope(scope.from, scope.to);
            return period && m.startedAt && m.startedAt >= period.from && m.startedAt < period.to;
          });
    return [...new Set(inScope.map((m) => m.databaseId))];
  }, [scope, mailings]);
  const fields = useScopeFields(databaseIds);
  const palette = useMemo(() => paletteOf(fields, layout), [fields, layout]);

  const request = requestOf(layout, scope);
  const pivot = usePivot(request);
  // The chart's figures: the first metric by the first row dimension alone (a rate cannot be added up from a finer split).
  const chartRequest: PivotRequest | null =
    request && request.rows[0]
      ? { ...request, rows: [request.rows[0]], columns: [], metrics: [request.metrics[0]!] }
      : null;
  const chartIsTable = request !== null && request.rows.length === 1 && request.columns.length === 0;
  const chart = usePivot(chartIsTable ? null : chartRequest);
  const chartData = chartIsTable ? pivot.data : chart.data;

  const issues = pivot.error instanceof ApiError ? pivot.error.issues : [];
  const zoneErrors: Partial<Record<Zone, string>> = {};
  for (const issue of issues) {
    const zone = issueZone(issue.path);
    if (zone && zone !== 'scope' && zone !== 'filters') zoneErrors[zone] ??= issue.message;
  }
  const scopeError = issues.find((i) => issueZone(i.path) === 'scope')?.message;
  const filtersError = issues.find((i) => issueZone(i.path) === 'filters')?.message;
  const otherError = pivot.error && !issues.some((i) => issueZone(i.path)) ? pivot.error : null;

  const name = report?.name ?? source.templateName ?? 'New report';
  const onSaved = (saved: DynamicReport) => {
    setDialog(null);
    notifications.show({ color: 'teal', message: `Saved “${saved.name}”` });
    if (saved.id !== report?.id) navigate(`${reportPath(saved)}${location.search}`);
  };
  const saveInPlace = () =>
    report &&
    save.mutate({ name: report.name, shared: report.shared, definition: definitionOf(layout) }, { onSuccess: onSaved });

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Statistics', to: '/statistics' },
          { label: 'Dynamic reports', to: '/statistics/dynamic' },
          { label: name },
        ]}
        title={name}
        description={
          report
            ? `${report.shared ? 'Shared with the account' : 'Only you see it'}${report.ownedByMe ? '' : ' · made by someone else: save a copy to change it'}`
            : source.templateName
              ? 'A ready-made report: save it as your own to keep changes'
              : 'Drag dimensions to rows and columns, and metrics to the values'
        }
        actions={
          <>
            <ExportButton request={request} />
            {canSaveInPlace ? (
              <Button
                onClick={saveInPlace}
                loading={save.isPending && dialog === null}
                disabled={!layout.metrics.length}
              >
                Save
              </Button>
            ) : (
              <Button
                onClick={() => {
                  save.reset();
                  setDialog('save');
                }}
                disabled={!layout.metrics.length}
              >
                Save
              </Button>
            )}
            {(report || source.templateName) && (
              <Button
                variant="default"
                onClick={() => {
                  save.reset();
                  setDialog('save-as');
                }}
                disabled={!layout.metrics.length}
              >
                Save as
              </Button>
            )}
          </>
        }
      />
      <Stack>
        <Stack gap={4}>
          <ScopePicker scope={scope} mailings={mailings} onChange={setScope} />
          {scopeError && (
            <Text size="xs" c="red" role="alert" data-testid="scope-error">
              {scopeError}
            </Text>
          )}
        </Stack>
        <PivotZones
          layout={layout}
          palette={palette}
          errors={zoneErrors}
          onChange={(next) => {
            setRefused(null);
            setLayout(next);
          }}
          onRefused={setRefused}
        />
        {refused && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconInfoCircle size={18} />}
            withCloseButton
            onClose={() => setRefused(null)}
          >
            {refused}
          </Alert>
        )}
        <PivotFilters
          layout={layout}
          palette={palette}
          suggestions={(dimension) =>
            dimension.kind === 'mailing'
              ? mailings.filter((m) => m.startedAt).map((m) => ({ value: String(m.id), label: m.name }))
              : valuesIn(pivot.data, dimension)
          }
          error={filtersError}
          onChange={setLayout}
        />
        {!save.isPending && dialog === null && <ApiErrorAlert error={save.error} title="Could not save the report" />}
        {otherError && <ApiErrorAlert error={otherError} title="Could not run the report" />}
        {!request && (
          <Text c="dimmed" size="sm">
            {layout.metrics.length === 0
              ? 'Add a metric to the values to see figures.'
              : 'Choose a mailing or a period.'}
          </Text>
        )}
        {request && pivot.data && !pivot.isError && (
          <>
            <PivotTable pivot={pivot.data} rowCount={request.rows.length} />
            {chartData && request.rows.length > 0 && <PivotChart pivot={chartData} />}
          </>
        )}
      </Stack>
      <SaveReportModal
        opened={dialog !== null}
        title={dialog === 'save-as' ? `Save “${name}” as` : 'Save the report'}
        initialName={
          dialog === 'save-as' ? `${name} (copy)` : (report?.name ?? (source.templateName ? `${name} (copy)` : ''))
        }
        initialShared={report?.shared ?? false}
        pending={save.isPending}
        error={save.error}
        onClose={() => setDialog(null)}
        onSave={({ name: newName, shared }) =>
          save.mutate({ name: newName, shared, definition: definitionOf(layout) }, { onSuccess: onSaved })
        }
      />
    </>
  );
}

function WithMailings({ source }: { source: Source }) {
  const mailings = useMailings();
  return <QueryState query={mailings}>{(list) => <Builder source={source} mailings={list} />}</QueryState>;
}

/** A new report: an empty layout. */
export function NewDynamicReportPage() {
  return <WithMailings key="new" source={{ report: null, definition: EMPTY }} />;
}

/** A ready-made report opened in the builder: changed freely, kept only through "save as". */
export function TemplateDynamicReportPage() {
  const { templateKey } = useParams();
  const template = DYNAMIC_REPORT_TEMPLATES.find((t) => t.key === templateKey);
  if (!template) return <MissingPage thing="ready-made report" />;
  return (
    <WithMailings
      key={`template-${template.key}`}
      source={{ report: null, templateName: template.name, definition: template.definition }}
    />
  );
}

/** A saved report: its layout restored. */
export function SavedDynamicReportPage() {
  const { reportId } = useParams();
  const report = useDynamicReport(Number(reportId));
  return (
    <QueryState query={report}>
      {(r) => <WithMailings key={`report-${r.id}`} source={{ report: r, definition: r.definition }} />}
    </QueryState>
  );
}
