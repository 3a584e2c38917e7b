import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bounceActionOf, BOUNCE_REASONS, type BounceReason } from './bounce-reason';
import { parseInboundMessage } from './inbound-message.parser';

/**
 * The sisimai corpus (corpus/sisimai, 322 real reports from 66 servers and providers) must keep the
 * figures issue 14 asks for; `npm run bench -- bounces` prints them in full.
 */
interface Expected {
  recipients: { reason: string; action: string }[];
}
const dir = join(__dirname, '..', 'corpus', 'sisimai');
const expected = (
  JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { messages: Record<string, Expected> }
).messages;
const RANK: Record<string, number> = { complaint: 4, hard: 3, soft: 2, 'sender-side': 1, ignore: 0 };
const ACTION_NAME = { HARD: 'hard', SOFT: 'soft', SENDER: 'sender-side' } as const;
const worst = (actions: string[]): string =>
  actions.reduce((found, action) => ((RANK[action] ?? 0) > (RANK[found] ?? 0) ? action : found), 'ignore');
const SISIMAI_NAMES: Record<string, BounceReason> = { speeding: 'ratelimited' };

function heraldAction(file: string): string {
  const message = parseInboundMessage(readFileSync(join(dir, file)));
  if (message.kind === 'COMPLAINT') return 'complaint';
  if (message.kind !== 'DSN') return 'ignore';
  return worst(
    message.reports.map((report) => (report.classification ? ACTION_NAME[report.classification] : 'ignore')),
  );
}

describe('sisimai corpus', () => {
  it("states for each reason the action Herald's rule gives it", () => {
    for (const message of Object.values(expected)) {
      for (const { reason, action } of message.recipients) {
        const name = SISIMAI_NAMES[reason] ?? reason;
        if (reason === 'feedback') expect(action).toBe('complaint');
        else if (reason === 'vacation' || reason === 'delivered') expect(action).toBe('ignore');
        else {
          expect(BOUNCE_REASONS).toContain(name);
          const rule = bounceActionOf(name as BounceReason, false);
          expect(action).toBe(rule ? ACTION_NAME[rule] : 'ignore');
        }
      }
    }
  });

  it('agrees on the action for at least 90 % and calls at most 2 % of soft and sender-side bounces hard', () => {
    let agree = 0;
    let softOrSender = 0;
    let wrongHard = 0;
    const files = Object.keys(expected);
    for (const file of files) {
      const want = worst(expected[file]!.recipients.map((recipient) => recipient.action));
      const got = heraldAction(file);
      if (got === want) agree += 1;
      if (want === 'soft' || want === 'sender-side') {
        softOrSender += 1;
        if (got === 'hard') wrongHard += 1;
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(300);
    expect(agree / files.length).toBeGreaterThanOrEqual(0.9);
    expect(wrongHard / softOrSender).toBeLessThanOrEqual(0.02);
  });
});
