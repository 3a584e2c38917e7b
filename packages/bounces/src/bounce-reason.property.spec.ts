import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNCE_REASONS, bounceActionOf, decideBounceReason } from './bounce-reason';
import { parseEnhancedStatus } from './enhanced-status';
import { parseInboundMessage } from './inbound-message.parser';
import { REASON_PHRASES, type ReasonPhrases } from './reason-phrases';
import { classifySmtpReply } from './smtp-reply.classifier';

/** CPU milliseconds `run` takes, the best of three (wall time on a shared machine measures the neighbours). */
function cpuMs(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round += 1) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

// Words the rules look for, so that random text hits them, half-hits them and hits several at once.
const phrases = Object.values(REASON_PHRASES as Record<string, ReasonPhrases>).flatMap((entry) => [
  ...entry.index,
  ...(entry.pairs ?? []).flat(),
]);
const wordy = fc
  .array(
    fc.oneof(
      fc.constantFrom(...phrases),
      fc.constantFrom(
        ' ',
        '\n',
        '550 ',
        '5.1.1 ',
        '4.7.1',
        '(in reply to RCPT TO command)',
        '>>> DATA',
        'msexch:(',
        '192.0.2.5.1',
      ),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 40 },
  )
  .map((pieces) => pieces.join(' '));
const status = fc
  .tuple(fc.constantFrom(2, 4, 5), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999 }))
  .map(([cls, subject, detail]) => parseEnhancedStatus(`${cls}.${subject}.${detail}`));

describe('bounce reasons: any evidence', () => {
  it('gives one known reason and the action of the one rule, whatever the evidence', () => {
    fc.assert(
      fc.property(
        wordy,
        fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
        fc.option(status, { nil: undefined }),
        fc.option(status, { nil: undefined }),
        fc.option(fc.constantFrom('failed', 'delayed', 'delivered', 'relayed', 'expanded' as const), {
          nil: undefined,
        }),
        fc.option(fc.constantFrom('CONN', 'HELO', 'MAIL', 'RCPT', 'DATA' as const), { nil: undefined }),
        fc.option(fc.constantFrom('gmail-smtp-in.l.google.com', 'x.protection.outlook.com', 'mta.yahoodns.net', 'x'), {
          nil: undefined,
        }),
        (text, basic, textStatus, fieldStatus, action, command, host) => {
          const decision = decideBounceReason({ text, basic, textStatus, fieldStatus, action, command, host });
          expect(BOUNCE_REASONS).toContain(decision.reason);
          expect(decision.decidedBy).not.toBe('');
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never calls a temporary reply hard', () => {
    fc.assert(
      fc.property(wordy, fc.integer({ min: 400, max: 499 }), (text, code) => {
        expect(classifySmtpReply({ code, text }).kind).not.toBe('HARD');
        for (const reason of BOUNCE_REASONS) expect(bounceActionOf(reason, true)).not.toBe('HARD');
      }),
      { numRuns: 500 },
    );
  });
});

// Lines a hostile report may repeat without end: each aims at one of the parser's searches.
const PATHOLOGICAL = [
  'user unknown user unknown mailbox full blocked spam ', // phrase search
  '<a@example.org>: host mx.example.org said: 550 5.1.1 unknown\n', // angle blocks
  'Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n', // DSN blocks without blank lines
  '5.5.5.5.5.5.5.5.5.5.5.5.5.5.5 550-550-550 ', // codes inside numbers
  'msexch:ims:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (((((((((( ', // Exchange's error number
  'smtp command - smtp command - in reply to in reply to >>> >>> ', // the SMTP stage
  "5.1.0 - Unknown address error 550-'", // SES's wrapper
  'The following address(es) failed:\n  kijitora\n', // Exim's list
];

function bounce(body: string): string {
  return [
    'From: MAILER-DAEMON@mx.example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    body,
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    body,
    '--b--',
    '',
  ].join('\n');
}

describe('bounce parsing: time grows linearly with the input', () => {
  it('doubling a pathological report at most about doubles the time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHOLOGICAL), fc.constantFrom(0, 1), (unit, asText) => {
        // 48 KiB and 96 KiB: below the 256 KiB the parser reads of a text, so the whole input counts.
        const small = unit.repeat(Math.ceil((48 * 1024) / unit.length));
        const large = small + small;
        const make = (body: string): string =>
          asText ? `From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n${body}` : bounce(body);
        parseInboundMessage(make(small)); // warm up
        const smallMs = cpuMs(() => parseInboundMessage(make(small)));
        const largeMs = cpuMs(() => parseInboundMessage(make(large)));
        // 2.5x, and some milliseconds of slack for timer grain and the collector.
        expect(largeMs).toBeLessThan(2.5 * smallMs + 15);
      }),
      { numRuns: 16 },
    );
  });

  it('classifies a long reply in linear time', () => {
    for (const unit of PATHOLOGICAL) {
      const small = unit.repeat(Math.ceil((64 * 1024) / unit.length));
      classifySmtpReply({ code: 550, text: small });
      const smallMs = cpuMs(() => classifySmtpReply({ code: 550, text: small }));
      const largeMs = cpuMs(() => classifySmtpReply({ code: 550, text: small + small }));
      expect(largeMs).toBeLessThan(2.5 * smallMs + 15);
    }
  });
});
