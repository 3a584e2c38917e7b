import type { SurveyQuestion, SurveyQuestionKind } from '@herald/contracts';

export const KIND_LABELS: Record<SurveyQuestionKind, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  text: 'Open text',
  rating: 'Rating',
};

/** The first id `prefix<n>` not yet taken: ids stay put when labels change, so answers keep their question. */
export function nextId(prefix: string, taken: readonly { id: string }[]): string {
  const used = new Set(taken.map((item) => item.id));
  let n = taken.length + 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

/** A new question of `kind`, with two options to start from when it is a choice. */
export function newQuestion(kind: SurveyQuestionKind, taken: readonly SurveyQuestion[]): SurveyQuestion {
  const base = { id: nextId('q', taken), label: '', required: false };
  switch (kind) {
    case 'single':
    case 'multiple':
      return {
        ...base,
        kind,
        options: [
          { id: 'o1', label: '' },
          { id: 'o2', label: '' },
        ],
      };
    case 'rating':
      return { ...base, kind, scale: 5 };
    case 'text':
      return { ...base, kind };
  }
}

/** The question as another kind: its id, label and required stay; options or scale as the new kind needs. */
export function withKind(question: SurveyQuestion, kind: SurveyQuestionKind): SurveyQuestion {
  const fresh = newQuestion(kind, []);
  const kept = { id: question.id, label: question.label, required: question.required };
  if ((kind === 'single' || kind === 'multiple') && 'options' in question)
    return { ...kept, kind, options: question.options };
  return { ...fresh, ...kept } as SurveyQuestion;
}

/** Moves the item at `from` one place up (-1) or down (+1); the list as it was at the ends. */
export function moved<T>(items: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}
