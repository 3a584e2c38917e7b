import {
  SURVEY_LIMITS,
  type SurveyAnswerValues,
  type SurveyQuestion,
  type SurveyQuestionResult,
} from '@herald/contracts';

/** The form field of a question on the public page: `q.<question id>`. */
export function surveyFieldName(questionId: string): string {
  return `q.${questionId}`;
}

/** One answered value as stored and counted: an option id, a score as text, or the text typed. */
export interface SurveyAnswerValue {
  questionId: string;
  value: string;
}

export type ParsedSurveyForm =
  | { ok: true; answers: SurveyAnswerValues; values: SurveyAnswerValue[] }
  | { ok: false; errors: Record<string, string>; form: Record<string, string[]> };

function asList(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * A respondent's form, checked against the survey's questions: choices must be the question's own
 * options (one for single choice), a rating a whole score from 1 to its scale, text at most
 * SURVEY_LIMITS.textAnswerChars; a required question must be answered. Unknown fields are ignored.
 * On failure, a message per question id and what was sent (to show the form again as filled in).
 */
export function parseSurveyForm(questions: readonly SurveyQuestion[], form: Record<string, unknown>): ParsedSurveyForm {
  const answers: SurveyAnswerValues = {};
  const values: SurveyAnswerValue[] = [];
  const errors: Record<string, string> = {};
  const sent: Record<string, string[]> = {};
  for (const question of questions) {
    const raw = asList(form[surveyFieldName(question.id)])
      .map((item) => item.trim())
      .filter((item) => item !== '');
    sent[question.id] = raw;
    if (raw.length === 0) {
      if (question.required) errors[question.id] = 'Please answer this question.';
      continue;
    }
    switch (question.kind) {
      case 'single':
      case 'multiple': {
        const known = new Set(question.options.map((option) => option.id));
        const chosen = [...new Set(raw)];
        if (chosen.some((id) => !known.has(id))) errors[question.id] = 'Choose one of the options given.';
        else if (question.kind === 'single' && chosen.length > 1) errors[question.id] = 'Choose only one option.';
        else {
          answers[question.id] = question.kind === 'single' ? chosen[0]! : chosen;
          for (const value of chosen) values.push({ questionId: question.id, value });
        }
        break;
      }
      case 'rating': {
        const score = raw.length === 1 && /^\d{1,2}$/.test(raw[0]!) ? Number(raw[0]) : NaN;
        if (!(score >= 1 && score <= question.scale))
          errors[question.id] = `Choose a score from 1 to ${question.scale}.`;
        else {
          answers[question.id] = score;
          values.push({ questionId: question.id, value: String(score) });
        }
        break;
      }
      case 'text': {
        const text = raw.join('\n');
        if (text.length > SURVEY_LIMITS.textAnswerChars)
          errors[question.id] = `Keep your answer under ${SURVEY_LIMITS.textAnswerChars} characters.`;
        else {
          answers[question.id] = text;
          values.push({ questionId: question.id, value: text });
        }
        break;
      }
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, form: sent } : { ok: true, answers, values };
}

/** Counted answers: respondents per question, and respondents per question and value. */
export interface SurveyAnswerCounts {
  answered: ReadonlyMap<string, number>;
  /** Keyed `${questionId}\u0000${value}`; only choice and rating values are needed. */
  byValue: ReadonlyMap<string, number>;
}

export function answerCountKey(questionId: string, value: string): string {
  return `${questionId}\u0000${value}`;
}

const percentage = (count: number, of: number): number => (of === 0 ? 0 : Math.round((count / of) * 1000) / 10);

/**
 * Results per question: each option (or score) with its count and its share of the respondents who
 * answered the question (multiple choice shares can add up to more than 100), a rating's mean score;
 * open text only its number of answers. Options keep the survey's order, scores run 1..scale.
 */
export function surveyQuestionResults(
  questions: readonly SurveyQuestion[],
  counts: SurveyAnswerCounts,
): SurveyQuestionResult[] {
  return questions.map((question) => {
    const answered = counts.answered.get(question.id) ?? 0;
    const count = (value: string): number => counts.byValue.get(answerCountKey(question.id, value)) ?? 0;
    const base = { questionId: question.id, label: question.label, kind: question.kind, answered };
    switch (question.kind) {
      case 'single':
      case 'multiple':
        return {
          ...base,
          options: question.options.map((option) => {
            const n = count(option.id);
            return { value: option.id, label: option.label, count: n, percentage: percentage(n, answered) };
          }),
          average: null,
        };
      case 'rating': {
        let total = 0;
        let scored = 0;
        const options = Array.from({ length: question.scale }, (_, index) => {
          const score = index + 1;
          const n = count(String(score));
          total += n * score;
          scored += n;
          return { value: String(score), label: String(score), count: n, percentage: percentage(n, answered) };
        });
        return { ...base, options, average: scored === 0 ? null : Math.round((total / scored) * 100) / 100 };
      }
      case 'text':
        return { ...base, options: [], average: null };
    }
  });
}
