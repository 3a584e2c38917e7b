import { Alert, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useDatabase } from '../../api/databases';
import { usePreviewImport, useStartImport } from '../../api/imports';
import type {
  DatabaseDetailResponse as DatabaseDetail,
  DateFormat,
  ImportPreviewResponse as ImportPreview,
} from '@herald/contracts';
import type { ImportTarget } from '../../api/imports';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { duplicateTargets, mapsDates, suggestDateFormat, suggestMapping } from './column-mapping';
import { RecentImports } from './recent-imports';

const ACCEPT = {
  'text/csv': ['.csv'],
  'text/plain': ['.csv', '.txt'],
  'application/vnd.ms-excel': ['.csv'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
};
const SKIP = '__skip__';
const AUTO = '__auto__';
const DATE_FORMAT_OPTIONS: Array<{ value: DateFormat; label: string }> = [
  { value: 'dd-mm-yyyy', label: 'dd-mm-yyyy (31-12-2024)' },
  { value: 'd-m-yyyy', label: 'd-m-yyyy (1-2-2024)' },
  { value: 'mm/dd/yyyy', label: 'mm/dd/yyyy (12/31/2024)' },
  { value: 'yyyy-mm-dd', label: 'yyyy-mm-dd (2024-12-31)' },
];
const SAMPLE_ROWS = 3;

function MappingStep({
  database,
  file,
  preview,
  onReset,
}: {
  database: DatabaseDetail;
  file: File;
  preview: ImportPreview;
  onReset(): void;
}) {
  const navigate = useNavigate();
  const start = useStartImport(database.id);
  const [columns, setColumns] = useState(() => suggestMapping(preview.headers, database.fields));
  const mapped = Object.values(columns).filter((target): target is string => target !== null);
  const duplicates = duplicateTargets(columns);
  // Matching needs the value in the file: email or a mapped field, unique fields first as they identify a profile.
  const keyOptions = useMemo(() => {
    const fields = database.fields
      .filter((f) => mapped.includes(f.name))
      .sort((a, b) => Number(b.unique) - Number(a.unique));
    return [
      ...(mapped.includes('email') ? [{ value: 'email', label: 'Email address' }] : []),
      ...fields.map((f) => ({ value: f.name, label: f.unique ? `${f.label} (unique)` : f.label })),
    ];
  }, [database.fields, mapped]);
  // The user's choice of date format, if any; until then the one the preview suggests for the columns mapped now.
  const [chosenDateFormat, setDateFormat] = useState<DateFormat | typeof AUTO | null>(null);
  const dateFormat =
    chosenDateFormat === null
      ? suggestDateFormat(preview, columns, database.fields)
      : chosenDateFormat === AUTO
        ? null
        : chosenDateFormat;
  const [chosenKey, setKeyField] = useState<string | null>(() => (mapped.includes('email') ? 'email' : null));
  const keyField = chosenKey && keyOptions.some((option) => option.value === chosenKey) ? chosenKey : null;

  const targetOptions = [
    { group: 'Skip', items: [{ value: SKIP, label: "Don't import" }] },
    {
      group: 'Addresses',
      items: [
        { value: 'email', label: 'Email' },
        { value: 'mobile', label: 'Mobile' },
        { value: 'fax', label: 'Fax' },
      ],
    },
    { group: 'Fields', items: database.fields.map((field) => ({ value: field.name, label: field.label })) },
  ];

  const begin = () =>
    start.mutate(
      {
        file,
        mapping: { columns },
        keyField: keyField ?? undefined,
        dateFormat: mapsDates(columns, database.fields) ? (dateFormat ?? undefined) : undefined,
      },
      { onSuccess: (job) => navigate(`/databases/${database.id}/imports/${job.id}`) },
    );

  return (
    <Stack>
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={5}>Map the columns of {file.name}</Title>
            <Text size="sm" c="dimmed">
              Choose for each column the field it fills. Columns matching a field by name are mapped already.
            </Text>
          </div>
          <Button variant="subtle" onClick={onReset}>
            Choose another file
          </Button>
        </Group>
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs" aria-label="Column mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column in file</Table.Th>
                <Table.Th>First values</Table.Th>
                <Table.Th w={260}>Import into</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.headers.map((header, index) => (
                <Table.Tr key={header}>
                  <Table.Td fw={500}>{header}</Table.Td>
                  <Table.Td c="dimmed">
                    <Text size="sm" truncate maw={320}>
                      {preview.rows
                        .slice(0, SAMPLE_ROWS)
                        .map((row) => row[index] ?? '')
                        .filter(Boolean)
                        .join(', ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Import ${header} into`}
                      data={targetOptions}
                      value={columns[header] ?? SKIP}
                      onChange={(value) =>
                        setColumns({ ...columns, [header]: (value === SKIP ? null : value) as ImportTarget })
                      }
                      allowDeselect={false}
                      error={
                        columns[header] && duplicates.includes(columns[header])
                          ? 'Chosen for another column too'
                          : undefined
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder p="md">
        <Group align="flex-end" justify="space-between">
          {mapsDates(columns, database.fields) && (
            <Select
              label="Dates in the file are written as"
              description="Proposed from the first rows; change it if the dates are read wrong."
              data={[{ value: AUTO, label: 'Detect from the file' }, ...DATE_FORMAT_OPTIONS]}
              value={dateFormat ?? AUTO}
              onChange={(value) => setDateFormat(!value || value === AUTO ? AUTO : (value as DateFormat))}
              allowDeselect={false}
              w={300}
            />
          )}
          <Select
            label="Match existing profiles on"
            description="A row whose value matches an existing profile updates it; other rows create new profiles."
            placeholder="Always create new profiles"
            data={keyOptions}
            value={keyField}
            onChange={setKeyField}
            clearable
            w={380}
          />
          <Button
            leftSection={<IconUpload size={16} />}
            onClick={begin}
            loading={start.isPending}
            disabled={mapped.length === 0 || duplicates.length > 0}
          >
            Start import
          </Button>
        </Group>
        {mapped.length === 0 && (
          <Text size="sm" c="orange" mt="sm">
            Map at least one column to import.
          </Text>
        )}
      </Paper>
      <ApiErrorAlert error={start.error} title="Could not start the import" />
    </Stack>
  );
}

function ImportWizard({ database }: { database: DatabaseDetail }) {
  const preview = usePreviewImport();
  const [file, setFile] = useState<File | null>(null);
  const [rejectedFile, setRejectedFile] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    preview.reset();
  };

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Databases', to: '/databases' },
          { label: database.name, to: `/databases/${database.id}` },
          { label: 'Import' },
        ]}
        title="Import profiles"
        description={`Add or update profiles of ${database.name} from a CSV or Excel (XLSX) file with a header row.`}
      />
      {file && preview.data ? (
        <MappingStep
          key={file.name + file.lastModified}
          database={database}
          file={file}
          preview={preview.data}
          onReset={reset}
        />
      ) : (
        <Stack>
          <Dropzone
            accept={ACCEPT}
            multiple={false}
            loading={preview.isPending}
            onDrop={([dropped]) => {
              if (!dropped) return;
              setRejectedFile(null);
              setFile(dropped);
              preview.mutate(dropped);
            }}
            onReject={([rejection]) => setRejectedFile(rejection?.file.name ?? 'The file')}
          >
            <Group justify="center" gap="xl" mih={180} style={{ pointerEvents: 'none' }}>
              <Dropzone.Accept>
                <IconUpload size={48} stroke={1.5} color="var(--mantine-color-indigo-6)" />
              </Dropzone.Accept>
              <Dropzone.Reject>
                <IconX size={48} stroke={1.5} color="var(--mantine-color-red-6)" />
              </Dropzone.Reject>
              <Dropzone.Idle>
                <IconFileSpreadsheet size={48} stroke={1.5} color="var(--mantine-color-dimmed)" />
              </Dropzone.Idle>
              <div>
                <Text size="lg">Drop a CSV or XLSX file here, or click to choose one</Text>
                <Text size="sm" c="dimmed" mt={4}>
                  The first row must hold the column names. You map them to fields in the next step.
                </Text>
              </div>
            </Group>
          </Dropzone>
          {rejectedFile && (
            <Alert color="red" variant="light" title="This file cannot be imported">
              {rejectedFile} is not a CSV or XLSX file.
            </Alert>
          )}
          <ApiErrorAlert error={preview.error} title="Could not read the file" />
          <RecentImports databaseId={database.id} />
        </Stack>
      )}
    </>
  );
}

export function ImportPage() {
  const database = useDatabase(useIdParam('databaseId'));
  return <QueryState query={database}>{(db) => <ImportWizard database={db} />}</QueryState>;
}
