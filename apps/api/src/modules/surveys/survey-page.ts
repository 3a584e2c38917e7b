import type { SurveyQuestion } from '@herald/contracts';
import { surveyFieldName } from '@herald/domain';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

// Readable on a phone without zooming; focus rings kept; contrast at least 4.5:1 (WCAG AA).
const STYLE = `body{font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem}fieldset{border:1px solid #767676;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}label.option{display:flex;gap:.5rem;align-items:center;min-height:2.75rem}
input[type=radio],input[type=checkbox]{width:1.25rem;height:1.25rem}
textarea{width:100%;box-sizing:border-box;font:inherit;min-height:6rem;padding:.5rem}
.rating{display:flex;flex-wrap:wrap;gap:.25rem .75rem}.error{color:#b00020;font-weight:600;margin:.25rem 0}
button{font:inherit;font-weight:600;padding:.75rem 1.5rem;min-height:2.75rem;border:0;border-radius:.5rem;background:#1c5fb8;color:#fff}
.required{color:#b00020}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface SurveyPageView {
  name: string;
  intro: string;
  questions: readonly SurveyQuestion[];
  /** What the respondent sent or answered before, by question id. */
  values: Record<string, readonly string[]>;
  errors: Record<string, string>;
  /** Whether this respondent answered before: answering again replaces those answers. */
  answeredBefore: boolean;
}

function questionHtml(question: SurveyQuestion, index: number, view: SurveyPageView): string {
  const name = escape(surveyFieldName(question.id));
  const id = `q${index}`;
  const chosen = new Set(view.values[question.id] ?? []);
  const error = view.errors[question.id];
  const errorId = `${id}-error`;
  const describedBy = error ? ` aria-describedby="${errorId}"` : '';
  const invalid = error ? ' aria-invalid="true"' : '';
  const required = question.required ? ' <span class="required">(required)</span>' : '';
  const errorHtml = error ? `<p class="error" id="${errorId}">${escape(error)}</p>` : '';
  const legend = `<legend>${escape(question.label)}${required}</legend>`;
  const option = (type: 'radio' | 'checkbox', value: string, label: string, n: number): string =>
    `<label class="option"><input type="${type}" name="${name}" id="${id}-${n}" value="${escape(value)}"${
      chosen.has(value) ? ' checked' : ''
    }${type === 'radio' && question.required && n === 0 ? ' required' : ''}>${escape(label)}</label>`;
  switch (question.kind) {
    case 'single':
    case 'multiple': {
      const type = question.kind === 'single' ? 'radio' : 'checkbox';
      const role = type === 'radio' ? ' role="radiogroup"' : '';
      return `<fieldset${role}${describedBy}${invalid}>${legend}${errorHtml}${question.options
        .map((o, n) => option(type, o.id, o.label, n))
        .join('')}</fieldset>`;
    }
    case 'rating': {
      const scores = Array.from({ length: question.scale }, (_, n) => option('radio', String(n + 1), String(n + 1), n));
      return `<fieldset role="radiogroup"${describedBy}${invalid}>${legend}${errorHtml}<p>1 is the lowest, ${question.scale} the highest.</p><div class="rating">${scores.join('')}</div></fieldset>`;
    }
    case 'text': {
      const text = escape([...chosen].join('\n'));
      return `<div>${errorHtml}<p><label for="${id}"><strong>${escape(question.label)}</strong>${required}</label></p><textarea id="${id}" name="${name}" maxlength="2000"${
        question.required ? ' required aria-required="true"' : ''
      }${describedBy}${invalid}>${text}</textarea></div>`;
    }
  }
}

/** The public survey page: a form that posts back to its own (signed) URL. */
export function surveyFormPage(view: SurveyPageView): string {
  const errorCount = Object.keys(view.errors).length;
  const summary =
    errorCount > 0
      ? `<div role="alert" class="error"><p>${errorCount === 1 ? 'One answer needs' : `${errorCount} answers need`} your attention.</p></div>`
      : '';
  const before = view.answeredBefore
    ? '<p>You answered this survey before; sending it again replaces your earlier answers.</p>'
    : '';
  const intro = view.intro.trim() === '' ? '' : `<p>${escape(view.intro).replace(/\n/g, '<br>')}</p>`;
  return page(
    view.name,
    `<h1>${escape(view.name)}</h1>${intro}${before}${summary}<form method="post" novalidate>${view.questions
      .map((q, i) => questionHtml(q, i, view))
      .join('')}<button type="submit">Send answers</button></form>`,
  );
}

export function surveyThanksPage(name: string): string {
  return page(name, `<h1>Thank you</h1><p>Your answers to “${escape(name)}” have been saved.</p>`);
}

/** Answered too often through one link (a script, not a reader): the stored answers stay as they are. */
export function surveyTooOftenPage(name: string, retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return page(
    name,
    `<h1>Your answers were not saved</h1><p>This link was used to answer too often. Your earlier answers are kept; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.</p>`,
  );
}

export const SURVEY_NOT_FOUND_PAGE = page(
  'Survey not found',
  '<h1>This survey link does not work</h1><p>Use the link exactly as it came in your email.</p>',
);
