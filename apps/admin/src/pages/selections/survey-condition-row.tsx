import { ActionIcon, Group, MultiSelect, NumberInput, Select, TagsInput, Text, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { SurveyQuestion } from '@herald/contracts';
import { useSurveys } from '../../api/surveys';
import type { EditorSurveyCondition } from './condition-tree';

/** The answers a condition can name: a choice's options, a rating's scores; open text is typed. */
function answerChoices(question: SurveyQuestion): { value: string; label: string }[] {
  if (question.kind === 'single' || question.kind === 'multiple')
    return question.options.map((o) => ({ value: o.id, label: o.label }));
  if (question.kind === 'rating')
    return Array.from({ length: question.scale }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  return [];
}

/** "Has (not) answered question Q of survey S with one of these answers, from mailing #M." */
export function SurveyConditionRow({
  condition,
  readOnly,
  onChange,
  onRemove,
}: {
  condition: EditorSurveyCondition;
  readOnly?: boolean;
  onChange(c: EditorSurveyCondition): void;
  onRemove(): void;
}) {
  const surveys = useSurveys();
  const survey = surveys.data?.find((s) => s.id === condition.survey);
  const question = survey?.questions.find((q) => q.id === condition.question);
  const values = condition.values ?? [];
  return (
    <Group gap="xs" wrap="wrap" align="center" data-testid="survey-condition">
      <Select
        aria-label="Answered or not"
        data={[
          { value: 'did', label: 'Answered' },
          { value: 'didNot', label: 'Did not answer' },
        ]}
        value={condition.negate ? 'didNot' : 'did'}
        disabled={readOnly}
        allowDeselect={false}
        w={150}
        onChange={(value) => onChange({ ...condition, negate: value === 'didNot' })}
      />
      <Select
        aria-label="Survey"
        placeholder="survey"
        data={(surveys.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
        value={condition.survey ? String(condition.survey) : null}
        disabled={readOnly}
        w={200}
        onChange={(value) =>
          onChange({ ...condition, survey: value ? Number(value) : undefined, question: undefined, values: undefined })
        }
      />
      <Select
        aria-label="Question"
        placeholder="question"
        data={(survey?.questions ?? []).map((q) => ({ value: q.id, label: q.label }))}
        value={condition.question ?? null}
        disabled={readOnly || !survey}
        w={220}
        onChange={(value) => onChange({ ...condition, question: value ?? undefined, values: undefined })}
      />
      {question &&
        (question.kind === 'text' ? (
          <TagsInput
            aria-label="Answers"
            placeholder="any answer"
            value={values}
            disabled={readOnly}
            w={220}
            onChange={(next) => onChange({ ...condition, values: next })}
          />
        ) : (
          <MultiSelect
            aria-label="Answers"
            placeholder="any answer"
            data={answerChoices(question)}
            value={values}
            disabled={readOnly}
            w={220}
            onChange={(next) => onChange({ ...condition, values: next })}
          />
        ))}
      <NumberInput
        aria-label="From mailing id"
        placeholder="any mailing"
        value={condition.mailingId ?? ''}
        disabled={readOnly}
        min={1}
        allowDecimal={false}
        w={130}
        leftSection={<Text size="xs">#</Text>}
        onChange={(value) => onChange({ ...condition, mailingId: typeof value === 'number' ? value : undefined })}
      />
      {!readOnly && (
        <Tooltip label="Remove condition">
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove condition">
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
