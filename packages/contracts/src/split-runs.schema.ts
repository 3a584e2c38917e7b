import { z } from 'zod';
import { ApprovalState } from './admin.schema';
import { Timestamp } from './common.schema';
import { Channel } from './documents.schema';
import { mailingSettingsSchema, targetSchema } from './mailings';

/**
 * How a split-run's winner is chosen (docs/rules/split-run.md). The default is the most impressions;
 * MANUAL waits for the marketer's choice.
 */
export const SPLIT_RUN_CRITERIA = [
  'IMPRESSIONS',
  'UNIQUE_IMPRESSIONS',
  'CLICKS',
  'UNIQUE_CLICKS',
  'CTR',
  'FEWEST_ERRORS',
  'MANUAL',
] as const;
export const SplitRunCriterion = z.enum(SPLIT_RUN_CRITERIA);
export type SplitRunCriterion = z.infer<typeof SplitRunCriterion>;

export const SplitRunStatus = z.enum(['DRAFT', 'TESTING', 'WAITING', 'DECIDED', 'FINISHED', 'CANCELLED']);
export const SplitRunFallback = z.enum(['CONTROL', 'WAIT']);

/** A variant's test group: a share of the target, or a number of recipients; neither takes the default. */
const groupFields = {
  groupPercent: z.number().gt(0).max(100).optional(),
  groupCount: z.number().int().min(1).max(10_000_000).optional(),
};
const oneGroupSize = (v: { groupPercent?: number; groupCount?: number }) =>
  v.groupPercent === undefined || v.groupCount === undefined;
const ONE_GROUP_SIZE = { message: 'give groupPercent or groupCount, not both', path: ['groupCount'] };

const variantSchema = z
  .object({
    label: z.string().trim().min(1).max(40).optional(),
    documentId: z.number().int().positive().max(2_147_483_647),
    /** Overrides of the document's subject and sender name. */
    subject: z.string().min(1).max(255).optional(),
    fromName: z.string().min(1).max(255).optional(),
    ...groupFields,
    /** A variant by time of sending: its test group goes this many minutes after the start (at most 30 days). */
    sendAfterMinutes: z.number().int().min(0).max(43_200).default(0),
  })
  .refine(oneGroupSize, ONE_GROUP_SIZE);

/** Test groups in percent add up to at most 100, and are given for every variant or none. */
function checkGroups(
  run: { variants: ReadonlyArray<{ groupPercent?: number; groupCount?: number }> },
  ctx: z.RefinementCtx,
): void {
  const percent = run.variants.reduce((sum, v) => sum + (v.groupPercent ?? 0), 0);
  if (percent > 100)
    ctx.addIssue({ code: 'custom', path: ['variants'], message: `the test groups add up to ${percent} %` });
  const mixed = run.variants.some((v) => v.groupPercent === undefined && v.groupCount === undefined);
  const given = run.variants.some((v) => v.groupPercent !== undefined || v.groupCount !== undefined);
  if (mixed && given)
    ctx.addIssue({ code: 'custom', path: ['variants'], message: 'give every variant a group size, or none' });
}

/** 2 to 10 variants; the test groups together at most the whole target. */
export const createSplitRunSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(255),
    target: targetSchema,
    settings: mailingSettingsSchema.partial().default({}),
    /** false: an A/B test without a winner, the whole target split over the variants at once. */
    withWinner: z.boolean().default(true),
    criterion: SplitRunCriterion.default('IMPRESSIONS'),
    /** The waiting period between the test groups and the winner, in minutes (at most 30 days). */
    waitMinutes: z.number().int().min(1).max(43_200).default(240),
    /** Send the winner only when significant at this level; otherwise the fallback. */
    significanceLevel: z.number().min(0.5).max(0.999).nullable().default(null),
    fallback: SplitRunFallback.default('CONTROL'),
    variants: z.array(variantSchema).min(2, 'needs at least 2 variants').max(10, 'takes at most 10 variants'),
  })
  .superRefine(checkGroups);
export type CreateSplitRunRequest = z.infer<typeof createSplitRunSchema>;

/** When to start: now (no `at`), or at a moment to come (a scheduled split-run; the test groups go then). */
export const startSplitRunQuerySchema = z.object({ at: Timestamp.optional() });

/** A variant's id: a database id (at most 2³¹ − 1). */
export const chooseWinnerSchema = z.object({ variantId: z.number().int().positive().max(2_147_483_647) });

export const SplitRunVariantResponse = z.object({
  id: z.number().int(),
  label: z.string(),
  position: z.number().int(),
  documentId: z.number().int(),
  subject: z.string().nullable(),
  fromName: z.string().nullable(),
  groupPercent: z.number().nullable(),
  groupCount: z.number().int().nullable(),
  /** Drawn when the split-run started. */
  groupSize: z.number().int().nullable(),
  /** Minutes after the start its test group goes. */
  sendAfterMinutes: z.number().int(),
  mailingId: z.number().int().nullable(),
});

export const SplitRunResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  status: SplitRunStatus,
  withWinner: z.boolean(),
  criterion: SplitRunCriterion,
  waitMinutes: z.number().int(),
  significanceLevel: z.number().nullable(),
  fallback: SplitRunFallback,
  /** When the test groups go (or went). */
  scheduledAt: Timestamp.nullable(),
  /** When the last test group went (a variant by time of sending goes after the others). */
  testsSentAt: Timestamp.nullable(),
  /** The end of the waiting period, counted from the last test group's send. */
  decideAt: Timestamp.nullable(),
  decidedAt: Timestamp.nullable(),
  /** The remainder (an A/B test: every variant) has sent. */
  finishedAt: Timestamp.nullable(),
  /** Stopped before the remainder went. */
  cancelledAt: Timestamp.nullable(),
  winnerVariantId: z.number().int().nullable(),
  winnerReason: z.string().nullable(),
  finalMailingId: z.number().int().nullable(),
  variants: z.array(SplitRunVariantResponse),
});
export type SplitRunResponse = z.infer<typeof SplitRunResponse>;

/** What the chosen group sizes can show, before anything is sent. */
export const SplitRunPlanResponse = z.object({
  /** Recipients the groups are drawn from now (usable ones, duplicates once). */
  target: z.number().int(),
  groups: z.array(z.object({ label: z.string(), size: z.number().int() })),
  remainder: z.number().int(),
  /** The smallest difference in rate (percentage points) the two smallest groups detect, at the level and power given. */
  detectableDifference: z.number().nullable(),
  expectedRate: z.number(),
  level: z.number(),
  power: z.number(),
});
export type SplitRunPlanResponse = z.infer<typeof SplitRunPlanResponse>;

const planFields = {
  /** The rate expected on the criterion (0–1); 0.5 is the worst case. */
  expectedRate: z.coerce.number().gt(0).lt(1).default(0.5),
  level: z.coerce.number().min(0.5).max(0.999).default(0.95),
  power: z.coerce.number().min(0.5).max(0.99).default(0.8),
};
export const planQuerySchema = z.object(planFields);

/**
 * The plan of a split-run not yet saved (the mailing form's live count): the target as the form has
 * it, and each variant's group, sized by the same rule a start draws the groups by.
 */
export const planDraftSchema = z
  .object({
    target: targetSchema,
    channel: Channel.default('EMAIL'),
    skipDuplicates: z.boolean().default(true),
    withWinner: z.boolean().default(true),
    variants: z
      .array(z.object(groupFields).refine(oneGroupSize, ONE_GROUP_SIZE))
      .min(2, 'needs at least 2 variants')
      .max(10, 'takes at most 10 variants'),
    ...planFields,
  })
  .superRefine(checkGroups);
export type PlanDraftRequest = z.input<typeof planDraftSchema>;

const Rate = z.number().nullable();
const SplitRunFigures = z.object({
  destinations: z.number().int(),
  sent: z.number().int(),
  impressions: z.object({ human: z.number().int(), machine: z.number().int(), unique: z.number().int() }),
  clicks: z.object({ human: z.number().int(), machine: z.number().int(), unique: z.number().int() }),
  errors: z.number().int(),
  rates: z.object({ opened: Rate, clicked: Rate, clickThrough: Rate, errors: Rate }),
});

export const SplitRunReportResponse = z.object({
  splitRun: SplitRunResponse,
  criterion: SplitRunCriterion,
  variants: z.array(
    z.object({
      id: z.number().int(),
      label: z.string(),
      mailingId: z.number().int().nullable(),
      figures: SplitRunFigures,
      /** The criterion's value (a rate, 0–1), as ranked. */
      criterionValue: Rate,
      winner: z.boolean(),
    }),
  ),
  winner: z.object({ variantId: z.number().int().nullable(), rule: z.string(), reason: z.string() }),
  significance: z
    .object({
      tested: z.string(),
      pValue: z.number().nullable(),
      confidencePercent: z.number().nullable(),
      difference: z.number().nullable(),
      confidenceInterval: z.tuple([z.number(), z.number()]).nullable(),
      chiSquare: z.number().nullable(),
      level: z.number(),
      significant: z.boolean(),
      sentence: z.string(),
    })
    .nullable(),
  remainder: SplitRunFigures.nullable(),
  whole: SplitRunFigures,
});
export type SplitRunReportResponse = z.infer<typeof SplitRunReportResponse>;

/**
 * A split-run's approval (docs/rules/split-run.md, Approval): asked and decided once for the split-run,
 * recorded per variant's mailing, so an edit of one variant withdraws that variant's approval only.
 */
export const SplitRunApprovalResponse = z.object({
  /** The account requires approval. */
  required: z.boolean(),
  /** Every variant may go: approved, or no approval required. */
  approved: z.boolean(),
  variants: z.array(z.object({ label: z.string(), mailingId: z.number().int().nullable(), state: ApprovalState })),
});
export type SplitRunApprovalResponse = z.infer<typeof SplitRunApprovalResponse>;
