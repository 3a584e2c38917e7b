import {
  Badge,
  Button,
  Group,
  Modal,
  Pagination,
  Paper,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  surveyAnswerText,
  type SurveyQuestionResult,
  type SurveyResponse as Survey,
  type SurveyResultsResponse,
} from '@herald/contracts';
import {
  useDeleteSurveyResults,
  useSurvey,
  useSurveyAnswers,
  useSurveyExport,
  useSurveyResults,
} from '../../api/surveys';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { useIdParam } from '../../components/use-id-param';

const respondents = (n: number): string => `${formatNumber(n)} ${n === 1 ? 'respondent' : 'respondents'}`;

function QuestionResult({ result }: { result: SurveyQuestionResult }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={result.label} data-testid="question-result">
      <Title order={3} size="h5">
        {result.label}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {formatNumber(result.answered)} answered
        {result.average !== null && ` · average ${result.average}`}
      </Text>
      {result.options.length > 0 && (
        <Stack gap={6}>
          {result.options.map((option) => (
            <div key={option.value}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm">{option.label}</Text>
                <Text size="sm" data-testid="option-count">
                  {formatNumber(option.count)} ({option.percentage}%)
                </Text>
              </Group>
              <Progress value={option.percentage} aria-label={`${option.label}: ${option.percentage}%`} />
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function Answers({ survey, mailingId }: { survey: Survey; mailingId: number | null }) {
  const [page, setPage] = useState(1);
  const answers = useSurveyAnswers(survey.id, mailingId, page);
  return (
    <QueryState query={answers}>
      {(data) => (
        <Stack gap="xs">
          <TableScroll minWidth={240 + 180 * survey.questions.length}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Answered</Table.Th>
                  <Table.Th>Profile</Table.Th>
                  {survey.questions.map((q) => (
                    <Table.Th key={q.id}>{q.label}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>{formatDateTime(item.answeredAt)}</Table.Td>
                    <Table.Td>
                      {item.profileId === null ? (
                        <Text size="sm" c="dimmed">
                          erased
                        </Text>
                      ) : (
                        <Link to={`/profiles/${item.profileId}`}>{item.profileId}</Link>
                      )}
                    </Table.Td>
                    {survey.questions.map((q) => (
                      <Table.Td key={q.id}>{surveyAnswerText(q, item.answers[q.id])}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {data.total === 0 && <Text c="dimmed">No answers yet.</Text>}
          {data.total > data.pageSize && (
            <Pagination
              total={Math.ceil(data.total / data.pageSize)}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          )}
        </Stack>
      )}
    </QueryState>
  );
}

type DeleteScope = 'all' | 'mailing' | 'profile';

/** Deleting results cannot be undone: the dialog says what goes and asks for the survey's name. */
function DeleteResultsButton({ survey, results }: { survey: Survey; results: SurveyResultsResponse }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [scope, setScope] = useState<DeleteScope>('all');
  const [mailingId, setMailingId] = useState<string | null>(null);
  const [profileId, setProfileId] = useState('');
  const [confirm, setConfirm] = useState('');
  const remove = useDeleteSurveyResults(survey.id);
  const ready =
    confirm === survey.name &&
    (scope === 'all' ||
      (scope === 'mailing' && mailingId !== null) ||
      (scope === 'profile' && /^\d+$/.test(profileId)));
  const shut = () => {
    close();
    setConfirm('');
    remove.reset();
  };
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={open}>
        Delete results
      </Button>
      <Modal
        opened={opened}
        onClose={shut}
        title="Delete survey results"
        closeButtonProps={{ 'aria-label': 'Close without deleting' }}
      >
        <Stack>
          <Text size="sm">
            Deleted results are gone for good: export them first if you may need them. The deletion is recorded in the
            audit log.
          </Text>
          <Radio.Group label="Which results" value={scope} onChange={(value) => setScope(value as DeleteScope)}>
            <Stack gap={6} mt={4}>
              <Radio value="all" label={`All results (${respondents(results.respondents)})`} />
              <Radio value="mailing" label="The results of one mailing" disabled={results.mailings.length === 0} />
              <Radio value="profile" label="The results of one profile" />
            </Stack>
          </Radio.Group>
          {scope === 'mailing' && (
            <Select
              label="Mailing"
              data={results.mailings.map((m) => ({
                value: String(m.mailingId),
                label: `${m.name} (${formatNumber(m.respondents)})`,
              }))}
              value={mailingId}
              onChange={setMailingId}
            />
          )}
          {scope === 'profile' && (
            <TextInput
              label="Profile id"
              inputMode="numeric"
              value={profileId}
              onChange={(e) => setProfileId(e.currentTarget.value)}
            />
          )}
          <TextInput
            label={`Type the survey's name, “${survey.name}”, to confirm`}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            autoComplete="off"
          />
          <ApiErrorAlert error={remove.error} title="Could not delete the results" />
          <Group justify="flex-end">
            <Button variant="default" onClick={shut}>
              Cancel
            </Button>
            <Button
              color="red"
              disabled={!ready}
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(
                  {
                    confirm,
                    ...(scope === 'mailing' && mailingId ? { mailingId: Number(mailingId) } : {}),
                    ...(scope === 'profile' ? { profileId: Number(profileId) } : {}),
                  },
                  {
                    onSuccess: ({ deleted }) => {
                      notifications.show({ color: 'teal', message: `${formatNumber(deleted)} results deleted` });
                      shut();
                    },
                  },
                )
              }
            >
              Delete for good
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function Results({ survey }: { survey: Survey }) {
  const [mailingId, setMailingId] = useState<number | null>(null);
  const results = useSurveyResults(survey.id, mailingId);
  const exporter = useSurveyExport(survey.id);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Surveys', to: '/surveys' },
          { label: survey.name, to: `/surveys/${survey.id}` },
          { label: 'Results' },
        ]}
        title={`Results: ${survey.name}`}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exporter.isPending && exporter.variables?.format === 'csv'}
              onClick={() => exporter.mutate({ format: 'csv', mailingId })}
            >
              CSV
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exporter.isPending && exporter.variables?.format === 'xlsx'}
              onClick={() => exporter.mutate({ format: 'xlsx', mailingId })}
            >
              Excel
            </Button>
            {results.data && <DeleteResultsButton survey={survey} results={results.data} />}
          </>
        }
      />
      <ApiErrorAlert error={exporter.error} title="Could not export" />
      <QueryState query={results}>
        {(data) => (
          <Stack>
            <Group align="flex-end">
              <Select
                label="Respondents of"
                data={[
                  { value: '', label: 'Every mailing' },
                  ...data.mailings.map((m) => ({ value: String(m.mailingId), label: m.name })),
                ]}
                value={mailingId === null ? '' : String(mailingId)}
                allowDeselect={false}
                onChange={(value) => setMailingId(value ? Number(value) : null)}
                w={260}
              />
              <Badge size="lg" variant="light" data-testid="respondents">
                {respondents(data.respondents)}
              </Badge>
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {data.questions.map((result) => (
                <QuestionResult key={result.questionId} result={result} />
              ))}
            </SimpleGrid>
            <Title order={3} size="h4">
              Answers
            </Title>
            <Answers survey={survey} mailingId={mailingId} />
          </Stack>
        )}
      </QueryState>
    </>
  );
}

export function SurveyResultsPage() {
  const id = useIdParam('surveyId');
  const survey = useSurvey(id);
  return <QueryState query={survey}>{(data) => <Results survey={data} />}</QueryState>;
}
