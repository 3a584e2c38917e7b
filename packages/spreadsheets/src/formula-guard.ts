/**
 * Characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV Injection"): `=`, `+`,
 * `-`, `@`, tab and CR, and the full-width forms Apple Numbers folds into them.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Whether a text cell would start a formula when a spreadsheet opens the CSV. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * The text a CSV export writes for a text cell: prefixed with a single quote when it would start a
 * formula, so the spreadsheet shows it as text. This prefix is the only change an export makes to a
 * text cell; numbers (a negative one included) are not text and stay as they are.
 */
export function neutralizeFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}
