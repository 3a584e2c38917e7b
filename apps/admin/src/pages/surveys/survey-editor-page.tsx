import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  SURVEY_LIMITS,
  SURVEY_QUESTION_KINDS,
  type SurveyQuestion,
  type SurveyQuestionKind,
  type SurveyResponse as Survey,
} from '@herald/contracts';
import { useDeleteSurvey, useSaveSurvey, useSurvey } from '../../api/surveys';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { KIND_LABELS, moved, newQuestion, nextId, withKind } from './survey-form';

const KIND_OPTIONS = SURVEY_QUESTION_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));

function QuestionEditor({
  question,
  index,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  question: SurveyQuestion;
  index: number;
  count: number;
  onChange(q: SurveyQuestion): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}) {
  const n = index + 1;
  return (
    <Paper withBorder p="md" component="fieldset" aria-label={`Question ${n}`} data-testid="survey-question">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5">
            Question {n}
          </Title>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === 0}
              onClick={() => onMove(-1)}
              aria-label={`Move question ${n} up`}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              aria-label={`Move question ${n} down`}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove question ${n}`}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Question"
            required
            maxLength={SURVEY_LIMITS.labelChars}
            value={question.label}
            onChange={(e) => onChange({ ...question, label: e.currentTarget.value })}
          />
          <Select
            label="Kind"
            data={KIND_OPTIONS}
            value={question.kind}
            allowDeselect={false}
            onChange={(kind) => kind && onChange(withKind(question, kind as SurveyQuestionKind))}
          />
        </Group>
        <Checkbox
          label="An answer is required"
          checked={question.required}
          onChange={(e) => onChange({ ...question, required: e.currentTarget.checked })}
        />
        {(question.kind === 'single' || question.kind === 'multiple') && (
          <Stack gap={6}>
            {question.options.map((option, o) => (
              <Group key={option.id} gap="xs" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  aria-label={`Question ${n}, option ${o + 1}`}
                  placeholder={`Option ${o + 1}`}
                  value={option.label}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    onChange({
                      ...question,
                      options: question.options.map((x, i) => (i === o ? { ...x, label } : x)),
                    });
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  disabled={question.options.length === 1}
                  aria-label={`Remove option ${o + 1} of question ${n}`}
                  onClick={() => onChange({ ...question, options: question.options.filter((_, i) => i !== o) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                disabled={question.options.length >= SURVEY_LIMITS.options}
                onClick={() =>
                  onChange({
                    ...question,
                    options: [...question.options, { id: nextId('o', question.options), label: '' }],
                  })
                }
              >
                Add option
              </Button>
            </Group>
          </Stack>
        )}
        {question.kind === 'rating' && (
          <NumberInput
            label="Highest score"
            description="Scores run from 1 to this"
            min={2}
            max={SURVEY_LIMITS.maxRatingScale}
            value={question.scale}
            onChange={(value) => onChange({ ...question, scale: Number(value) || 5 })}
            w={200}
          />
        )}
      </Stack>
    </Paper>
  );
}

function SurveyForm({ survey }: { survey?: Survey }) {
  const [name, setName] = useState(survey?.name ?? '');
  const [intro, setIntro] = useState(survey?.intro ?? '');
  const [questions, setQuestions] = useState<SurveyQuestion[]>(survey?.questions ?? [newQuestion('single', [])]);
  const [addKind, setAddKind] = useState<SurveyQuestionKind>('single');
  const save = useSaveSurvey(survey?.id);
  const navigate = useNavigate();
  const replace = (index: number, question: SurveyQuestion) =>
    setQuestions((list) => list.map((q, i) => (i === index ? question : q)));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(
          { name, intro, questions },
          {
            onSuccess: (saved) => {
              notifications.show({ color: 'teal', message: `Survey “${saved.name}” saved` });
              navigate(`/surveys/${saved.id}`);
            },
          },
        );
      }}
    >
      <Stack>
        <TextInput
          label="Name"
          required
          maxLength={255}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Textarea
          label="Introduction"
          description="Shown above the questions"
          autosize
          minRows={2}
          maxLength={SURVEY_LIMITS.introChars}
          value={intro}
          onChange={(e) => setIntro(e.currentTarget.value)}
        />
        {questions.map((question, index) => (
          <QuestionEditor
            key={question.id}
            question={question}
            index={index}
            count={questions.length}
            onChange={(q) => replace(index, q)}
            onMove={(by) => setQuestions((list) => moved(list, index, by))}
            onRemove={() => setQuestions((list) => list.filter((_, i) => i !== index))}
          />
        ))}
        {questions.length === 0 && <Text c="dimmed">A survey needs at least one question.</Text>}
        <Group align="flex-end">
          <Select
            label="New question"
            data={KIND_OPTIONS}
            value={addKind}
            allowDeselect={false}
            onChange={(kind) => kind && setAddKind(kind as SurveyQuestionKind)}
            w={200}
          />
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            disabled={questions.length >= SURVEY_LIMITS.questions}
            onClick={() => setQuestions((list) => [...list, newQuestion(addKind, list)])}
          >
            Add question
          </Button>
        </Group>
        <ApiErrorAlert error={save.error} title="Could not save the survey" />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save survey
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Only a survey without results can go: its results are deleted first, behind their own confirmation. */
function DeleteSurveyButton({ survey }: { survey: Survey }) {
  const [opened, setOpened] = useState(false);
  const remove = useDeleteSurvey(survey.id);
  const navigate = useNavigate();
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconTrash size={16} />}
        disabled={survey.responses > 0}
        title={survey.responses > 0 ? 'Delete its results first' : undefined}
        onClick={() => setOpened(true)}
      >
        Delete
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title="Delete survey"
        closeButtonProps={{ 'aria-label': 'Close without deleting' }}
      >
        <Stack>
          <Text size="sm">
            Delete “{survey.name}”? Links to it in mailings already sent will show that the survey does not exist.
          </Text>
          <ApiErrorAlert error={remove.error} title="Could not delete the survey" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: `Survey “${survey.name}” deleted` });
                    navigate('/surveys');
                  },
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function NewSurveyPage() {
  return (
    <>
      <PageHeader crumbs={[{ label: 'Surveys', to: '/surveys' }, { label: 'New' }]} title="New survey" />
      <SurveyForm />
    </>
  );
}

export function EditSurveyPage() {
  const id = useIdParam('surveyId');
  const survey = useSurvey(id);
  return (
    <QueryState query={survey}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[{ label: 'Surveys', to: '/surveys' }, { label: data.name }]}
            title={data.name}
            description={
              <>
                Link to it from a mailing with <code>{`{% survey_link ${data.id} %}`}</code>. Changing a label keeps the
                answers given; removing a question stops counting its answers.
              </>
            }
            actions={
              <>
                <Button variant="default" component={Link} to={`/surveys/${data.id}/results`}>
                  Results ({data.responses})
                </Button>
                <DeleteSurveyButton survey={data} />
              </>
            }
          />
          <SurveyForm key={data.updatedAt} survey={data} />
        </>
      )}
    </QueryState>
  );
}
