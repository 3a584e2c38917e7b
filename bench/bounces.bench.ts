// `npm run bench -- bounces [--list]`
// Classifies the bounce corpus (packages/bounces/corpus/sisimai: real reports from 66 mail servers and
// providers, each with sisimai's expected reason per recipient) with Herald's parser, from source, and
// prints agreement on the action (hard / soft / sender-side / complaint / ignore) and on the reason, a
// confusion table by action, the rate of wrong hard verdicts (hard where the expected action is soft or
// sender-side, over all soft and sender-side messages), the figures by provider family, and the slowest
// message's time (best of 5 after a warm-up). `--list` prints every disagreement.
// Targets (issue 14): action agreement >= 90 %, wrong hard <= 2 %, every complaint and auto-reply
// recognised, no message over 50 ms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInboundMessage } from '../packages/bounces/src/inbound-message.parser';
import type { InboundMessage } from '../packages/bounces/src/inbound-message';

const CORPUS = join(__dirname, '..', 'packages', 'bounces', 'corpus', 'sisimai');
const ACTIONS = ['hard', 'soft', 'sender-side', 'complaint', 'ignore'] as const;
type Action = (typeof ACTIONS)[number];
// When a message names several recipients, the message's verdict is its worst one, as the worker applies it.
const RANK: Record<Action, number> = { complaint: 4, hard: 3, soft: 2, 'sender-side': 1, ignore: 0 };
const TIMING_RUNS = 5;
// Herald's names where they differ from sisimai's.
const SISIMAI_NAME: Partial<Record<string, string>> = { ratelimited: 'speeding' };

interface ExpectedRecipient {
  recipient?: string;
  reason: string;
  action: Action;
}
interface ExpectedMessage {
  engine: string;
  recipients: ExpectedRecipient[];
}
interface Verdict {
  action: Action;
  /** Herald's reason, when it gives one in sisimai's terms. */
  reason?: string;
  recipients: string[];
}

function worst<T extends { action: Action }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>(
    (found, item) => (!found || RANK[item.action] > RANK[found.action] ? item : found),
    undefined,
  );
}

/** What Herald makes of a message, in the benchmark's terms. */
function verdictOf(message: InboundMessage): Verdict {
  if (message.kind === 'COMPLAINT') return { action: 'complaint', reason: 'feedback', recipients: [] };
  if (message.kind === 'AUTO_REPLY') return { action: 'ignore', reason: 'vacation', recipients: [] };
  if (message.kind === 'OTHER') return { action: 'ignore', recipients: [] };
  const recipients = message.reports.map((report) => report.finalRecipient);
  const verdicts = message.reports.map((report): { action: Action; reason?: string } => {
    const reason = SISIMAI_NAME[report.bounceReason] ?? report.bounceReason;
    if (report.classification === 'HARD') return { action: 'hard', reason };
    if (report.classification === 'SOFT') return { action: 'soft', reason };
    if (report.classification === 'SENDER') return { action: 'sender-side', reason };
    return { action: 'ignore', reason };
  });
  return { ...(worst(verdicts) ?? { action: 'ignore' }), recipients };
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '–';
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

interface Tally {
  messages: number;
  actionAgrees: number;
  reasonAgrees: number;
  reasonGiven: number;
  wrongHard: number;
  softOrSender: number;
}
const emptyTally = (): Tally => ({
  messages: 0,
  actionAgrees: 0,
  reasonAgrees: 0,
  reasonGiven: 0,
  wrongHard: 0,
  softOrSender: 0,
});

export default async function bounces(args: string[]): Promise<void> {
  const list = args.includes('--list');
  const expected = (
    JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { messages: Record<string, ExpectedMessage> }
  ).messages;
  const files = Object.keys(expected).sort();
  const raw = new Map(files.map((file) => [file, readFileSync(join(CORPUS, file))]));

  for (const file of files) parseInboundMessage(raw.get(file)!); // warm up
  const total = emptyTally();
  const byFamily = new Map<string, Tally>();
  const confusion = new Map<string, number>();
  const recognised = { complaint: { found: 0, of: 0 }, autoReply: { found: 0, of: 0 } };
  let recipientsKnown = 0;
  let recipientsFound = 0;
  let slowest = { file: '', ms: 0 };
  let totalMs = 0;
  const disagreements: string[] = [];

  for (const file of files) {
    const want = expected[file]!;
    const bytes = raw.get(file)!;
    let message = parseInboundMessage(bytes);
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < TIMING_RUNS; run += 1) {
      const started = performance.now();
      message = parseInboundMessage(bytes);
      best = Math.min(best, performance.now() - started);
    }
    totalMs += best;
    if (best > slowest.ms) slowest = { file, ms: best };

    const got = verdictOf(message);
    const wantMessage = worst(want.recipients)!;
    const family = file.split('/')[0] ?? '';
    const tally = byFamily.get(family) ?? emptyTally();
    byFamily.set(family, tally);
    for (const t of [total, tally]) {
      t.messages += 1;
      if (got.action === wantMessage.action) t.actionAgrees += 1;
      if (got.reason !== undefined) t.reasonGiven += 1;
      if (got.reason === wantMessage.reason) t.reasonAgrees += 1;
      if (wantMessage.action === 'soft' || wantMessage.action === 'sender-side') {
        t.softOrSender += 1;
        if (got.action === 'hard') t.wrongHard += 1;
      }
    }
    const key = `${wantMessage.action}→${got.action}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    if (wantMessage.reason === 'feedback') {
      recognised.complaint.of += 1;
      if (got.action === 'complaint') recognised.complaint.found += 1;
    }
    if (wantMessage.reason === 'vacation') {
      recognised.autoReply.of += 1;
      if (message.kind === 'AUTO_REPLY') recognised.autoReply.found += 1;
    }
    for (const { recipient } of want.recipients) {
      if (!recipient) continue;
      recipientsKnown += 1;
      if (got.recipients.includes(recipient)) recipientsFound += 1;
    }
    if (list && (got.action !== wantMessage.action || (got.reason && got.reason !== wantMessage.reason))) {
      const reports = message.kind === 'DSN' ? message.reports.map((r) => `${r.status} ${r.reason}`).join('; ') : '';
      disagreements.push(
        `${file}: want ${wantMessage.action}/${wantMessage.reason}, got ${got.action}/${got.reason ?? '?'} (${message.kind}${reports ? `: ${reports}` : ''})`,
      );
    }
  }

  if (list) console.log(`${disagreements.join('\n')}\n`);
  console.log(
    `Bounce corpus: ${files.length} messages from ${new Set(files.map((f) => expected[f]!.engine)).size} mail servers and providers\n`,
  );
  console.log(
    table(
      ['measurement', 'value', 'target'],
      [
        ['action agreement', percent(total.actionAgrees, total.messages), '>= 90 %'],
        [
          'wrong hard (of soft + sender-side)',
          `${total.wrongHard} of ${total.softOrSender} = ${percent(total.wrongHard, total.softOrSender)}`,
          '<= 2 %',
        ],
        [
          'reason agreement',
          `${percent(total.reasonAgrees, total.messages)} (Herald names a reason for ${total.reasonGiven})`,
          '',
        ],
        ['complaints recognised', `${recognised.complaint.found} of ${recognised.complaint.of}`, 'all'],
        ['auto-replies recognised', `${recognised.autoReply.found} of ${recognised.autoReply.of}`, 'all'],
        [
          'recipient found',
          `${recipientsFound} of ${recipientsKnown} = ${percent(recipientsFound, recipientsKnown)}`,
          '',
        ],
        ['slowest message (best of 5)', `${slowest.ms.toFixed(2)} ms (${slowest.file})`, '<= 50 ms'],
        ['mean per message', `${(totalMs / files.length).toFixed(3)} ms`, ''],
      ],
    ),
  );
  console.log('\nConfusion by action (rows: expected, columns: Herald)\n');
  console.log(
    table(
      ['expected \\ Herald', ...ACTIONS],
      ACTIONS.map((want) => [want, ...ACTIONS.map((got) => String(confusion.get(`${want}→${got}`) ?? 0))]),
    ),
  );
  console.log('\nBy provider family\n');
  console.log(
    table(
      ['family', 'messages', 'action agreement', 'reason agreement', 'wrong hard'],
      [...byFamily.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([family, t]) => [
          family,
          String(t.messages),
          percent(t.actionAgrees, t.messages),
          percent(t.reasonAgrees, t.messages),
          `${t.wrongHard} of ${t.softOrSender}`,
        ]),
    ),
  );
}
