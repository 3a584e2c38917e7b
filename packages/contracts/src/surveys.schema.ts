import { z } from 'zod';
import { Timestamp, pageOf } from './common.schema';

/** Limits that keep one survey a page a person fills in on a phone, and its stored answers small. */
export const SURVEY_LIMITS = {
  questions: 50,
  options: 50,
  labelChars: 500,
  introChars: 5000,
  textAnswerChars: 2000,
  maxRatingScale: 10,
} as const;

export const SURVEY_QUESTION_KINDS = ['single', 'multiple', 'text', 'rating'] as const;
export const SurveyQuestionKind = z.enum(SURVEY_QUESTION_KINDS);
export type SurveyQuestionKind = z.infer<typeof SurveyQuestionKind>;

/** Question and option ids are what answers and selection conditions refer to: they stay when labels change. */
export const SurveyItemId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, "_" or "-"');

const Label = z.string().trim().min(1, 'is required').max(SURVEY_LIMITS.labelChars);

export const SurveyOption = z.strictObject({ id: SurveyItemId, label: Label });
export type SurveyOption = z.infer<typeof SurveyOption>;

const QuestionBase = { id: SurveyItemId, label: Label, required: z.boolean().default(false) };

const uniqueIds = (items: readonly { id: string }[], ctx: z.RefinementCtx, what: string): void => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `${what} id "${item.id}" is used twice` });
    seen.add(item.id);
  });
};

const Options = z
  .array(SurveyOption)
  .min(1, 'a choice question needs at least one option')
  .max(SURVEY_LIMITS.options)
  .superRefine((options, ctx) => uniqueIds(options, ctx, 'option'));

export const SurveyQuestion = z.discriminatedUnion('kind', [
  z.strictObject({ ...QuestionBase, kind: z.literal('single'), options: Options }),
  z.strictObject({ ...QuestionBase, kind: z.literal('multiple'), options: Options }),
  z.strictObject({ ...QuestionBase, kind: z.literal('text') }),
  /** A score from 1 to `scale`. */
  z.strictObject({
    ...QuestionBase,
    kind: z.literal('rating'),
    scale: z.number().int().min(2).max(SURVEY_LIMITS.maxRatingScale).default(5),
  }),
]);
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;
export type SurveyQuestionInput = z.input<typeof SurveyQuestion>;

export const SurveyQuestions = z
  .array(SurveyQuestion)
  .min(1, 'a survey needs at least one question')
  .max(SURVEY_LIMITS.questions)
  .superRefine((questions, ctx) => uniqueIds(questions, ctx, 'question'));

export const CreateSurveyRequest = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(255),
  intro: z.string().max(SURVEY_LIMITS.introChars).default(''),
  questions: SurveyQuestions,
});
export type CreateSurveyRequest = z.infer<typeof CreateSurveyRequest>;

export const UpdateSurveyRequest = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(255).optional(),
  intro: z.string().max(SURVEY_LIMITS.introChars).optional(),
  questions: SurveyQuestions.optional(),
});
export type UpdateSurveyRequest = z.infer<typeof UpdateSurveyRequest>;

export const SurveyResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  intro: z.string(),
  questions: z.array(SurveyQuestion),
  /** Respondents so far (one per mailing and profile). */
  responses: z.number().int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SurveyResponse = z.infer<typeof SurveyResponse>;

/** `?mailingId=`: the results of one mailing's respondents; without it, every respondent's. */
export const SurveyResultsQuery = z.object({
  mailingId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export type SurveyResultsQuery = z.infer<typeof SurveyResultsQuery>;

export const SurveyOptionResult = z.object({
  /** An option id, or a rating's score as text. */
  value: z.string(),
  label: z.string(),
  count: z.number().int().min(0),
  /** Of the respondents who answered the question, rounded to one decimal. */
  percentage: z.number().min(0).max(100),
});
export type SurveyOptionResult = z.infer<typeof SurveyOptionResult>;

export const SurveyQuestionResult = z.object({
  questionId: z.string(),
  label: z.string(),
  kind: SurveyQuestionKind,
  /** Respondents who answered this question. */
  answered: z.number().int().min(0),
  /** Per option (choices) or per score (rating); empty for open text. */
  options: z.array(SurveyOptionResult),
  /** A rating's mean score, rounded to two decimals; null for other kinds or without answers. */
  average: z.number().nullable(),
});
export type SurveyQuestionResult = z.infer<typeof SurveyQuestionResult>;

export const SurveyResultsResponse = z.object({
  surveyId: z.number().int(),
  mailingId: z.number().int().nullable(),
  respondents: z.number().int().min(0),
  questions: z.array(SurveyQuestionResult),
  /** The mailings respondents came from, with their number of respondents. */
  mailings: z.array(z.object({ mailingId: z.number().int(), name: z.string(), respondents: z.number().int() })),
});
export type SurveyResultsResponse = z.infer<typeof SurveyResultsResponse>;

export const SurveyAnswersQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  mailingId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  profileId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export type SurveyAnswersQuery = z.infer<typeof SurveyAnswersQuery>;

/** One respondent's answers as stored: option ids, a score, or text, by question id. */
export const SurveyAnswerValues = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number()]));
export type SurveyAnswerValues = z.infer<typeof SurveyAnswerValues>;

export const SurveyRespondentResponse = z.object({
  id: z.number().int(),
  mailingId: z.number().int().nullable(),
  /** Null once the profile was erased. */
  profileId: z.number().int().nullable(),
  answers: SurveyAnswerValues,
  answeredAt: Timestamp,
});
export type SurveyRespondentResponse = z.infer<typeof SurveyRespondentResponse>;
export const SurveyRespondentPageResponse = pageOf(SurveyRespondentResponse);
export type SurveyRespondentPageResponse = z.infer<typeof SurveyRespondentPageResponse>;

export const SurveyExportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  mailingId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export type SurveyExportQuery = z.infer<typeof SurveyExportQuery>;

/**
 * POST /surveys/:id/results/delete: which results go, all of them or one mailing's or one profile's
 * (not both); `confirm` must repeat the survey's name, as deleting cannot be undone.
 */
export const DeleteSurveyResultsRequest = z
  .strictObject({
    confirm: z.string().max(255),
    mailingId: z.number().int().positive().max(2_147_483_647).optional(),
    profileId: z.number().int().positive().max(2_147_483_647).optional(),
  })
  .refine((body) => body.mailingId === undefined || body.profileId === undefined, {
    message: 'give a mailingId or a profileId, not both',
    path: ['profileId'],
  });
export type DeleteSurveyResultsRequest = z.infer<typeof DeleteSurveyResultsRequest>;

export const DeleteSurveyResultsResponse = z.object({ deleted: z.number().int().min(0) });
export type DeleteSurveyResultsResponse = z.infer<typeof DeleteSurveyResultsResponse>;

/** An answer as people read it (exports, the admin app): option labels, not ids; choices joined by "; ". */
export function surveyAnswerText(question: SurveyQuestion, answer: SurveyAnswerValues[string] | undefined): string {
  if (answer === undefined) return '';
  if (question.kind === 'single' || question.kind === 'multiple') {
    const labels = new Map(question.options.map((option) => [option.id, option.label]));
    return (Array.isArray(answer) ? answer : [String(answer)]).map((id) => labels.get(id) ?? id).join('; ');
  }
  return Array.isArray(answer) ? answer.join('; ') : String(answer);
}
