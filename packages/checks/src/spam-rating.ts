import type { Finding } from './finding';

/**
 * Spam score thresholds (semantics.md "Issue checker"): under 1 is achievable, over 3 the advice is not
 * to send, over 5 the mailing cannot be sent.
 */
const SPAM_SCORE_BLOCKS = 5;
const SPAM_SCORE_WARNS = 3;

/** One rule that fired, as SpamAssassin reports it: its points and what it means. */
export interface SpamRule {
  name: string;
  score: number;
  description: string;
}

/** How spammy the message looks, and who said so: SpamAssassin, or Herald's own heuristic without it. */
export interface SpamRating {
  source: 'spamassassin' | 'heuristic';
  score: number;
  rules: SpamRule[];
  /** What would lower the score, one line per rule that added points (highest first). */
  advice: string[];
  /** Why the heuristic rated it (spamd not reachable, message too large), said in the result. */
  note?: string;
}

/** The request for spamd's REPORT command (SPAMC/1.5): the score, the rules that fired and their descriptions. */
export function spamdReportRequest(message: Buffer): Buffer {
  const head = `REPORT SPAMC/1.5\r\nContent-length: ${message.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), message]);
}

// SPAMD/1.1 0 EX_OK
const STATUS_LINE = /^SPAMD\/\d+\.\d+ (\d+) (.*)$/;
// Spam: True ; 1004.2 / 5.0
const SPAM_HEADER = /^Spam: (True|False|Yes|No) ; (-?\d+(?:\.\d+)?) \/ (-?\d+(?:\.\d+)?)$/i;
// " 2.7 MISSING_DATE           Missing Date: header", "1000 GTUBE  BODY: Generic …"
const RULE_LINE = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/;

/**
 * Reads spamd's answer to REPORT: the status, the `Spam:` header with the score, and the report's rule
 * table (descriptions continued on indented lines). Throws on an answer that is not that.
 */
export function parseSpamdReport(response: string): { score: number; threshold: number; rules: SpamRule[] } {
  const headerEnd = response.indexOf('\r\n\r\n');
  const head = (headerEnd === -1 ? response : response.slice(0, headerEnd)).split('\r\n');
  const status = STATUS_LINE.exec(head[0] ?? '');
  if (!status) throw new Error(`spamd answered something other than SPAMD/1.x: ${JSON.stringify(head[0] ?? '')}`);
  if (status[1] !== '0') throw new Error(`spamd refused the message: ${status[1]} ${status[2]}`);
  const spam = head.map((line) => SPAM_HEADER.exec(line)).find((match) => match !== null);
  if (!spam) throw new Error('spamd answered without a Spam: header');
  const body = headerEnd === -1 ? '' : response.slice(headerEnd + 4);
  const rules: SpamRule[] = [];
  const lines = body.split(/\r?\n/);
  const tableStart = lines.findIndex((line) => line.startsWith('---- '));
  for (const line of tableStart === -1 ? [] : lines.slice(tableStart + 1)) {
    if (line.trim() === '') break;
    const rule = RULE_LINE.exec(line);
    const last = rules[rules.length - 1];
    if (rule && /^\s{0,2}-?\d/.test(line)) {
      rules.push({ name: rule[2]!, score: Number(rule[1]), description: rule[3]!.trim() });
    } else if (last) {
      last.description = `${last.description} ${line.trim()}`;
    }
  }
  return { score: Number(spam[2]), threshold: Number(spam[3]), rules };
}

// What lowers the score, for the rules a marketer's message trips most; others get the general advice.
const RULE_ADVICE: Record<string, string> = {
  GTUBE: 'Remove the GTUBE test string: it exists to be rated as spam.',
  MIME_HTML_ONLY: 'Add a plain-text version of the message.',
  HTML_IMAGE_ONLY_04: 'Add text: the message is almost only images.',
  HTML_IMAGE_ONLY_08: 'Add text: the message is almost only images.',
  HTML_IMAGE_ONLY_12: 'Add text: the message is almost only images.',
  HTML_IMAGE_ONLY_16: 'Add text: the message is almost only images.',
  HTML_IMAGE_ONLY_20: 'Add text: the message is almost only images.',
  HTML_IMAGE_ONLY_24: 'Add text: the message is almost only images.',
  HTML_IMAGE_RATIO_02: 'Add text beside the images.',
  HTML_IMAGE_RATIO_04: 'Add text beside the images.',
  HTML_IMAGE_RATIO_06: 'Add text beside the images.',
  HTML_IMAGE_RATIO_08: 'Add text beside the images.',
  HTML_SHORT_LINK_IMG_1: 'Add text: a message that is one linked image looks like spam.',
  HTML_SHORT_LINK_IMG_2: 'Add text: a message that is one linked image looks like spam.',
  HTML_SHORT_LINK_IMG_3: 'Add text: a message that is one linked image looks like spam.',
  SUBJ_ALL_CAPS: 'Write the subject in ordinary case.',
  UPPERCASE_50_75: 'Write the text in ordinary case, not in capitals.',
  UPPERCASE_75_100: 'Write the text in ordinary case, not in capitals.',
  EMPTY_MESSAGE: 'Write the message: it is empty.',
  HTML_MESSAGE: 'Informational: the message has HTML.',
  FREEMAIL_FROM: 'Send from your own domain, not from a free mail address.',
  FREEMAIL_REPLYTO: 'Use a reply-to address on your own domain.',
  URI_HEX: 'Link to plain domain names instead of encoded addresses.',
  NORMAL_HTTP_TO_IP: 'Link to domain names, not IP addresses.',
  NUMERIC_HTTP_ADDR: 'Link to domain names, not IP addresses.',
  HTTP_ESCAPED_HOST: 'Link to plain domain names instead of encoded addresses.',
  HTML_FONT_LOW_CONTRAST: 'Do not hide text in a colour close to the background.',
  HTML_FONT_SIZE_TINY: 'Do not use tiny fonts.',
  T_REMOTE_IMAGE: 'Informational: the message loads images from the web.',
  BODY_SINGLE_WORD: 'Write more than a word in the message.',
  ADVANCE_FEE_2_NEW_MONEY: 'Leave out talk of transferring large sums of money.',
  LOTS_OF_MONEY: 'Leave out large sums of money.',
  MONEY_NOHTML: 'Leave out large sums of money.',
  FREE_NUMBERS: 'Leave out phrases spammers use ("free", prize sums).',
  DEAR_SOMETHING: 'Greet the reader by name instead of "Dear friend".',
  SUBJ_DOLLARS: 'Leave prices out of the subject.',
};

/** What would lower the score: the rules that added points, highest first, with what to change. */
export function spamAdvice(rules: readonly SpamRule[]): string[] {
  return rules
    .filter((rule) => rule.score > 0)
    .sort((a, b) => b.score - a.score)
    .map(
      (rule) =>
        `${rule.name} (+${rule.score}): ${RULE_ADVICE[rule.name] ?? `change what it matches: ${rule.description}`}`,
    );
}

/** The message the heuristic reads: the document rendered for a sample profile. */
export interface SpamSampleMessage {
  subject: string;
  html: string;
  text: string;
}

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const SPAM_PHRASES = [
  /\b100% free\b/i,
  /\bact now\b/i,
  /\bclick here\b/i,
  /\bearn (?:extra )?(?:cash|money)\b/i,
  /\bfree (?:gift|money|access|trial)\b/i,
  /\bguaranteed\b/i,
  /\bno obligation\b/i,
  /\brisk[- ]free\b/i,
  /\bwinner\b/i,
  /\bviagra\b/i,
  /\bcasino\b/i,
  /\bdouble your\b/i,
  /\$\$\$/,
];

/**
 * Herald's own rough score when SpamAssassin cannot be asked: a few of its best-known rules, with
 * points of the same order, so a bad message still warns or blocks. Less than SpamAssassin sees.
 */
export function heuristicSpamRating(message: SpamSampleMessage, note: string): SpamRating {
  const rules: SpamRule[] = [];
  const add = (name: string, score: number, description: string) => rules.push({ name, score, description });
  const all = `${message.subject}\n${message.html}\n${message.text}`;
  if (all.includes(GTUBE)) add('GTUBE', 1000, 'Generic Test for Unsolicited Bulk Email');
  const subjectLetters = message.subject.replace(/[^\p{L}]/gu, '');
  if (subjectLetters.length >= 10 && subjectLetters === subjectLetters.toUpperCase())
    add('SUBJ_ALL_CAPS', 1.5, 'Subject is all capitals');
  if (/!{3,}/.test(message.subject)) add('SUBJ_EXCLAMATIONS', 1, 'Subject has several exclamation marks');
  const textLetters = message.text.replace(/[^\p{L}]/gu, '');
  if (textLetters.length >= 200 && textLetters.replace(/[^\p{Lu}]/gu, '').length / textLetters.length > 0.5)
    add('UPPERCASE_50_75', 1.5, 'Message body is mostly capitals');
  const phrases = SPAM_PHRASES.filter((phrase) => phrase.test(all)).length;
  if (phrases > 0) add('SPAM_PHRASES', Math.min(4, phrases * 0.8), `${phrases} phrase(s) spammers use`);
  const images = (message.html.match(/<img\b/gi) ?? []).length;
  if (images > 0 && message.text.replace(/\s+/g, '').length < 200)
    add('HTML_IMAGE_ONLY_08', 1.5, 'HTML: images with little text');
  if (message.text.trim() === '' && message.html.trim() !== '') add('EMPTY_TEXT', 0.7, 'No text beside the HTML');
  const score = Math.round(rules.reduce((sum, rule) => sum + rule.score, 0) * 10) / 10;
  return { source: 'heuristic', score, rules, advice: spamAdvice(rules), note };
}

/** The spam rating as findings: over 5 blocks, over 3 warns, else informs; the heuristic says it is one. */
export function spamRatingFindings(rating: SpamRating): Finding[] {
  const by = rating.source === 'spamassassin' ? 'SpamAssassin' : "Herald's built-in heuristic";
  const rules = rating.rules
    .filter((rule) => rule.score !== 0)
    .map((rule) => `${rule.name} ${rule.score > 0 ? '+' : ''}${rule.score} (${rule.description})`)
    .join('; ');
  const fix =
    rating.advice.length > 0
      ? `To lower the score: ${rating.advice.join(' ')}`
      : 'Nothing to do: no rule added points.';
  const where = { part: 'html' as const };
  const base = `${by} rates the message ${rating.score}${rules ? `: ${rules}` : ''}.`;
  const findings: Finding[] = [];
  if (rating.score > SPAM_SCORE_BLOCKS) {
    findings.push({
      severity: 'error',
      code: 'spam-score-too-high',
      message: `${base} Over ${SPAM_SCORE_BLOCKS} is spam: the mailing cannot be sent.`,
      where,
      fix,
    });
  } else if (rating.score > SPAM_SCORE_WARNS) {
    findings.push({
      severity: 'warning',
      code: 'spam-score-high',
      message: `${base} Over ${SPAM_SCORE_WARNS} many receivers file it as spam; we advise not to send it.`,
      where,
      fix,
    });
  } else {
    findings.push({ severity: 'info', code: 'spam-score', message: base, where, fix });
  }
  if (rating.source === 'heuristic') {
    findings.push({
      severity: 'info',
      code: 'spam-rating-heuristic',
      message: `SpamAssassin did not rate this message (${rating.note ?? 'not available'}); the score is Herald's built-in heuristic, which sees less.`,
      where: {},
      fix: 'Start SpamAssassin (spamd; npm start does) and check again for the full rating.',
    });
  }
  return findings;
}
