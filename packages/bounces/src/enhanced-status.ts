/** Enhanced mail system status codes (RFC 3463, RFC 7505) and how to find them in reply text. */

export interface EnhancedStatus {
  /** 2, 4 or 5. */
  readonly class: number;
  readonly subject: number;
  readonly detail: number;
  /** Canonical text form, e.g. `5.1.1`. */
  readonly code: string;
}

export function parseEnhancedStatus(value: string | undefined): EnhancedStatus | undefined {
  if (!value) return undefined;
  const match = /^\s*([245])\.(\d{1,3})\.(\d{1,3})\s*$/.exec(value);
  if (!match) return undefined;
  const [cls, subject, detail] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { class: cls, subject, detail, code: `${cls}.${subject}.${detail}` };
}

// A code right after the basic reply code ("550 5.1.1", "550-5.1.1", "554 #5.1.1") is the most trustworthy.
const AFTER_BASIC = /(?<![\d.])[245]\d\d[ -]{1,3}#?([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;
// qmail and old Exchange put it in brackets: "(#5.1.1)", "<host #5.1.1>".
const HASHED = /#([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;
// Anywhere else, but never inside an IP address, and only failure classes: "Postfix 2.10.1" is a version.
const BARE = /(?<![\d.])([45]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;

/** The enhanced code a reply text carries; with a class given (the basic code's first digit), only one of that class. */
export function findEnhancedStatus(text: string, preferredClass?: number): EnhancedStatus | undefined {
  const candidates: EnhancedStatus[] = [];
  for (const pattern of [AFTER_BASIC, HASHED, BARE]) {
    const found = parseEnhancedStatus(pattern.exec(text)?.[1]);
    if (found) candidates.push(found);
  }
  // A code that contradicts the basic reply code's class is something else (a version, a quote).
  if (preferredClass !== undefined) return candidates.find((candidate) => candidate.class === preferredClass);
  return candidates[0];
}

/** The basic three-digit reply code a text starts with or carries, e.g. `550` in "smtp; 550 5.1.1 ...". */
export function findBasicCode(text: string): number | undefined {
  // A reply starts with its code; elsewhere in the text a number is only a code when it looks like one.
  const match = /^\s*([245][0-5]\d)(?=[ \-:]|$)/.exec(text) ?? /(?<![\d.:])([245][0-5]\d)(?=[ -]|$)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}
