import type { CreateSplitRunRequest, PlanDraftRequest, SplitRunCriterion } from '@herald/contracts';

export const SPLIT_RUN_LABELS = 'ABCDEFGHIJ';
export const MAX_SPLIT_RUN_VARIANTS = 10;

/** One variant as the form holds it; an empty document is the mailing's own, an empty subject the document's. */
export interface SplitRunVariantValues {
  documentId: number | null;
  subject: string;
  groupPercent: number | '';
  /** A variant by time of sending: minutes after the start its group goes. */
  sendAfterMinutes: number | '';
}

/** The split-run step of the mailing form (docs/rules/split-run.md). */
export interface SplitRunFormValues {
  enabled: boolean;
  variants: SplitRunVariantValues[];
  withWinner: boolean;
  criterion: SplitRunCriterion;
  wait: number | '';
  waitUnit: 'minutes' | 'hours';
  /** 'none', or the confidence level ('0.95') the winner must reach, else the control (A) goes. */
  significance: string;
  /** A local date and time (datetime-local) to start at; empty: when confirmed. */
  startAt: string;
}

export const newSplitRunVariant = (groupPercent: number | ''): SplitRunVariantValues => ({
  documentId: null,
  subject: '',
  groupPercent,
  sendAfterMinutes: 0,
});

/** The product pages' defaults: A 25 %, B 25 %, the rest (50 %) for the winner after 4 hours. */
export const EMPTY_SPLIT_RUN: SplitRunFormValues = {
  enabled: false,
  variants: [newSplitRunVariant(25), newSplitRunVariant(25)],
  withWinner: true,
  criterion: 'IMPRESSIONS',
  wait: 4,
  waitUnit: 'hours',
  significance: 'none',
  startAt: '',
};

/** The share of the target in no test group (the winner's), in percent; negative when over 100. */
export function restPercent(values: SplitRunFormValues): number {
  return Math.round((100 - values.variants.reduce((sum, v) => sum + (Number(v.groupPercent) || 0), 0)) * 100) / 100;
}

const groupOf = (v: SplitRunVariantValues) => (v.groupPercent === '' ? {} : { groupPercent: v.groupPercent });

/** The waiting period in minutes, or NaN when not given (the API names the field). */
function waitMinutesOf(values: SplitRunFormValues): number {
  return values.wait === '' ? Number.NaN : values.wait * (values.waitUnit === 'hours' ? 60 : 1);
}

/** The live plan's request: the target as the form has it and each group; null until the target is complete. */
export function planRequestOf<T extends PlanDraftRequest['target']>(
  values: SplitRunFormValues,
  target: T | null,
  audience: { channel: PlanDraftRequest['channel']; skipDuplicates: boolean },
): PlanDraftRequest | null {
  if (!target || !values.enabled) return null;
  const groups = values.variants.map(groupOf);
  // Every group or none, as the API takes them: a half-typed form waits instead of failing.
  if (groups.some((g) => !('groupPercent' in g)) && groups.some((g) => 'groupPercent' in g)) return null;
  return { target, ...audience, withWinner: values.withWinner, variants: groups, expectedRate: 0.2 };
}

/** The create request: each variant with the mailing's document unless it has its own. */
export function splitRunRequestOf(
  values: SplitRunFormValues,
  mailing: {
    name: string;
    documentId: number;
    target: CreateSplitRunRequest['target'];
    settings: CreateSplitRunRequest['settings'];
  },
) {
  return {
    name: mailing.name,
    target: mailing.target,
    settings: mailing.settings,
    withWinner: values.withWinner,
    criterion: values.criterion,
    waitMinutes: waitMinutesOf(values),
    significanceLevel: values.significance === 'none' ? null : Number(values.significance),
    variants: values.variants.map((v, i) => ({
      label: SPLIT_RUN_LABELS[i]!,
      documentId: v.documentId ?? mailing.documentId,
      ...(v.subject.trim() ? { subject: v.subject.trim() } : {}),
      ...groupOf(v),
      sendAfterMinutes: v.sendAfterMinutes === '' ? 0 : v.sendAfterMinutes,
    })),
  };
}

/** "A and B go to test groups of 50 and 20; 4 hours after the last, the winner goes to the other 130." */
export function splitRunSummary(
  values: SplitRunFormValues,
  plan: { groups: ReadonlyArray<{ label: string; size: number }>; remainder: number } | undefined,
): string {
  const labels = values.variants.map((_, i) => SPLIT_RUN_LABELS[i]!);
  const list = (items: string[]) => `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  const groups = plan ? ` of ${list(plan.groups.map((g) => g.size.toLocaleString('en')))}` : '';
  const head = `${list(labels)} go to test groups${groups}`;
  if (!values.withWinner) return `${head}; compared afterwards, no winner is sent.`;
  const wait = values.wait === '' ? '' : `${values.wait} ${values.waitUnit === 'hours' ? 'hour' : 'minute'}`;
  const waitWords = wait ? `${wait}${values.wait === 1 ? '' : 's'}` : 'The waiting period';
  const rest = plan ? `the other ${plan.remainder.toLocaleString('en')}` : 'everyone else';
  const late = values.variants.some((v) => Number(v.sendAfterMinutes) > 0);
  return `${head}; ${waitWords} after the ${late ? 'last group goes' : 'test groups go'}, the winner goes to ${rest}.`;
}
