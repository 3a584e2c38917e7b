import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus, reportsFromDeliveryStatus } from './delivery-report';
import { parseInboundMessage } from './inbound-message.parser';
import { parseEntity, walk } from './mime-entity';
import { decodeReturnPath, encodeReturnPath, parseHeraldMessageId } from './addresses/herald-addresses';
import { attributeReport } from './report-attribution';
import { classifySmtpReply } from './smtp-reply.classifier';
import { reportsFromBounceText } from './text-bounce.parser';

// Whatever a remote sender writes, each parser returns (never throws) and does so quickly.
const FAST_MS = 250;
const KINDS = ['DSN', 'COMPLAINT', 'AUTO_REPLY', 'OTHER'];
const options = { secret: 'property-secret', domain: 'bounces.herald.localhost' };

/** Runs `run` and requires it to take less than `limitMs` of this process's CPU time (wall time on a shared machine measures the neighbours). */
function timed<T>(run: () => T, limitMs = FAST_MS): T {
  const before = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(before);
  expect((used.user + used.system) / 1000).toBeLessThan(limitMs);
  return result;
}

const DSN = [
  'From: MAILER-DAEMON@mx.example.org',
  'To: b-1-aaaaaaaaaaaaaaaa@bounces.herald.localhost',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Your message could not be delivered to <someone@example.org>: 550 5.1.1 user unknown=',
  '--b1',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.org',
  'Original-Envelope-Id: 12345',
  '',
  'Final-Recipient: rfc822; someone@example.org',
  'Original-Recipient: rfc822;someone@example.org',
  'Action: failed',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 <someone@example.org>: Recipient address rejected',
  '--b1',
  'Content-Type: message/rfc822',
  '',
  'Message-ID: <m1.d2@bounces.herald.localhost>',
  'Return-Path: <b-2-aaaaaaaaaaaaaaaa@bounces.herald.localhost>',
  'Subject: Hi',
  '',
  'Hello',
  '--b1--',
  '',
].join('\r\n');

const ARF = [
  'From: feedback@fbl.example.org',
  'To: b-3-aaaaaaaaaaaaaaaa@bounces.herald.localhost',
  'Subject: Abuse report',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=feedback-report; boundary="f1"',
  '',
  '--f1',
  'Content-Type: text/plain',
  '',
  'This is an email abuse report.',
  '--f1',
  'Content-Type: message/feedback-report',
  '',
  'Feedback-Type: abuse',
  'User-Agent: ExampleFBL/1.0',
  'Version: 1',
  'Original-Mail-From: <b-3-aaaaaaaaaaaaaaaa@bounces.herald.localhost>',
  'Original-Rcpt-To: someone@example.org',
  'Arrival-Date: Thu, 8 Mar 2025 14:00:00 +0000',
  '--f1',
  'Content-Type: text/rfc822-headers',
  '',
  'Message-ID: <m1.d3@bounces.herald.localhost>',
  'To: someone@example.org',
  '--f1--',
  '',
].join('\r\n');

const TEXT_BOUNCE = [
  'Hi. This is the qmail-send program at mx.example.org.',
  "I'm afraid I wasn't able to deliver your message to the following addresses.",
  '',
  '<someone@example.org>:',
  '192.0.2.1 does not like recipient.',
  'Remote host said: 550 5.1.1 <someone@example.org>... User unknown',
  '',
  '--- Below this line is a copy of the message.',
  'Return-Path: <b-1-aaaaaaaaaaaaaaaa@bounces.herald.localhost>',
].join('\n');

/** Byte-level damage: a replaced, inserted or deleted byte, or the message cut anywhere. */
type Mutation = { at: number; op: 'replace' | 'insert' | 'delete' | 'cut'; byte: number };
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'insert', 'delete', 'cut'),
  byte: fc.integer({ min: 0, max: 255 }),
}) as fc.Arbitrary<Mutation>;

function mutate(source: string, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(source, 'latin1');
  for (const { at, op, byte } of mutations) {
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (op === 'replace' && bytes.length) bytes[i] = byte;
    else if (op === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
    else if (op === 'delete') bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
    else bytes = bytes.subarray(0, i);
  }
  return bytes;
}

/** Text made of what MIME and bounce parsers look for, so random input reaches deep into them. */
const mimeish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '\r\n',
        '\n',
        '\r\n\r\n',
        ': ',
        '--b1',
        '--b1--',
        '--',
        'Content-Type: multipart/mixed; boundary="b1"\r\n',
        'Content-Type: multipart/report; report-type=delivery-status; boundary=b1\r\n',
        'Content-Type: message/delivery-status\r\n',
        'Content-Type: message/feedback-report\r\n',
        'Content-Type: message/rfc822\r\n',
        'Content-Type: text/rfc822-headers\r\n',
        'Content-Type: text/html; charset=x-unknown\r\n',
        'Content-Type: text/plain; charset*=utf-8\'\'%FF%FE; boundary*0="a"; boundary*1=b\r\n',
        'Content-Transfer-Encoding: base64\r\n',
        'Content-Transfer-Encoding: quoted-printable\r\n',
        'Final-Recipient: rfc822; ',
        'Action: failed\r\n',
        'Action: delayed\r\n',
        'Status: 5.1.1\r\n',
        'Status: 4.\r\n',
        'Diagnostic-Code: smtp; 550 5.1.1 ',
        'Feedback-Type: abuse\r\n',
        'Message-ID: <m1.d2@bounces.herald.localhost>\r\n',
        'Return-Path: <b-1-aaaaaaaaaaaaaaaa@bounces.herald.localhost>\r\n',
        'From: MAILER-DAEMON@mx.example.org\r\n',
        'Subject: Undelivered Mail Returned to Sender\r\n',
        'Subject: =?utf-8?B?',
        '=?x?Q?=FF?=',
        '<someone@example.org>:\n',
        'The following address(es) failed:\n  ',
        'someone@example.org',
        '@',
        '<',
        '>',
        '=\r\n',
        ' ',
        '\t',
        '550 ',
        '5.7.1 ',
        '#5.1.1',
      ),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
    ),
    { maxLength: 120 },
  )
  .map((pieces) => pieces.join(''));

describe('inbound message parsers: random, mutated and truncated input', () => {
  it('parseInboundMessage returns a known kind for any bytes, without falling back on its catch-all', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2_000 }),
          mimeish.map((s) => Buffer.from(s, 'latin1')),
        ),
        (raw) => {
          const result = timed(() => parseInboundMessage(raw));
          expect(KINDS).toContain(result.kind);
          // The catch-all keeps the server up, but an exception inside means a parser bug.
          expect(result.kind === 'OTHER' && result.reason).not.toBe('Unreadable message');
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it.each([
    ['a DSN', DSN],
    ['an ARF report', ARF],
    ['a text bounce', TEXT_BOUNCE],
  ])('parseInboundMessage survives %s with random damage', (_name, source) => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 30 }), (mutations) => {
        const result = timed(() => parseInboundMessage(mutate(source, mutations)));
        expect(KINDS).toContain(result.kind);
        expect(result.kind === 'OTHER' && result.reason).not.toBe('Unreadable message');
      }),
      { numRuns: 500 },
    );
  });

  it('parseInboundMessage survives every truncation of a DSN and an ARF report', () => {
    for (const source of [DSN, ARF]) {
      for (let length = 0; length <= source.length; length++) {
        const result = parseInboundMessage(source.slice(0, length));
        expect(result.kind === 'OTHER' && result.reason).not.toBe('Unreadable message');
      }
    }
  });

  it('parseEntity bounds the tree it builds, whatever the nesting and the number of parts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        mimeish,
        (depth, parts, filler) => {
          let nested = `Content-Type: text/plain\r\n\r\n${filler}`;
          for (let level = 0; level < depth; level++) {
            const boundary = level % 3 === 0 ? 'same' : `n${level}`;
            nested = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${`--${boundary}\r\n${nested}\r\n`.repeat(level === depth - 1 ? Math.max(1, parts) : 2)}--${boundary}--`;
            if (nested.length > 2 * 1024 * 1024) break;
          }
          let entities = 0;
          timed(() => walk(parseEntity(nested), () => entities++), 1_500);
          expect(entities).toBeLessThanOrEqual(1 + 64 + 64 ** 2 + 64 ** 3 + 64 ** 4 + 64 ** 5 + 64 ** 6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('parseDeliveryStatus and reportsFromDeliveryStatus read any text, and name only non-empty recipients', () => {
    fc.assert(
      fc.property(fc.oneof(mimeish, fc.string({ unit: 'binary', maxLength: 500 })), (text) => {
        const reports = timed(() => reportsFromDeliveryStatus(parseDeliveryStatus(text)));
        for (const report of reports) {
          expect(report.finalRecipient.length).toBeGreaterThan(0);
          expect(['failed', 'delayed', 'delivered', 'relayed', 'expanded']).toContain(report.action);
          expect(report.status).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('reportsFromBounceText reads any text and never takes one of its own addresses for the failed recipient', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mimeish,
          fc.string({ maxLength: 500 }),
          fc.array(mutation, { maxLength: 20 }).map((m) => mutate(TEXT_BOUNCE, m).toString('latin1')),
        ),
        (text) => {
          const own = ['mailer-daemon@mx.example.org', 'b-1-aaaaaaaaaaaaaaaa@bounces.herald.localhost'];
          const reports = timed(() => reportsFromBounceText(text, own));
          for (const report of reports) {
            expect(report.finalRecipient).toContain('@');
            expect(own).not.toContain(report.finalRecipient);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('classifySmtpReply classifies any reply', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000, max: 1_000 }),
        fc.oneof(mimeish, fc.string({ maxLength: 300 })),
        (code, text) => {
          const result = timed(() => classifySmtpReply({ code, text }));
          expect(['HARD', 'SOFT', 'SENDER']).toContain(result.kind);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('signed return paths: nothing random verifies', () => {
  const address = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc
      .tuple(fc.bigInt({ min: 0n, max: 2n ** 64n }), fc.stringMatching(/^[a-z2-7]{16}$/))
      .map(([id, signature]) => `b-${id}-${signature}@${options.domain}`),
  );

  it('decodeReturnPath never throws and never accepts a random address', () => {
    fc.assert(
      fc.property(address, (candidate) => {
        expect(timed(() => decodeReturnPath(candidate, options))).toBeNull();
      }),
      { numRuns: 2_000 },
    );
  });

  it('decodeReturnPath accepts a signed address in any case, and none of its mutations or truncations', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (id, mutations) => {
          const signed = encodeReturnPath(id, options);
          expect(decodeReturnPath(signed.toUpperCase(), options)).toEqual({ destinationId: id.toString() });
          const damaged = mutate(signed, mutations).toString('latin1');
          // A damaged address still verifies only if the damage was undone by case folding or angle brackets.
          const decoded = decodeReturnPath(damaged, options);
          if (decoded)
            expect(
              damaged
                .trim()
                .replace(/^<(.*)>$/, '$1')
                .trim()
                .toLowerCase()
                .replace(/\.$/, ''),
            ).toBe(signed);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('attributeReport and parseHeraldMessageId never throw on what a report may say', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ maxLength: 400 })),
        fc.array(address, { maxLength: 10 }),
        (messageId, candidates) => {
          parseHeraldMessageId(messageId ?? undefined);
          const result = timed(() =>
            attributeReport(
              { originalMessageId: messageId ?? undefined, returnPathCandidates: candidates },
              [{ destinationId: '2', mailingId: 1 }],
              options,
            ),
          );
          expect(['APPLY', 'DROP']).toContain(result.kind);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('regressions found by the properties above', () => {
  it('reads at most 100 recipients of a DSN that lists 30,000, quickly', () => {
    const blocks = Array.from(
      { length: 30_000 },
      (_, i) => `Final-Recipient: rfc822; r${i}@example.org\r\nAction: failed\r\nStatus: 5.1.1`,
    ).join('\r\n\r\n');
    const raw = DSN.replace('Final-Recipient: rfc822; someone@example.org', blocks);
    const result = timed(() => parseInboundMessage(raw), 400);
    expect(result.kind === 'DSN' && result.reports.length).toBe(100);
  });

  it('reads at most 100 recipients of a text bounce that lists 30,000', () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `<r${i}@example.org>:\n550 5.1.1 user unknown\n`).join('\n');
    expect(timed(() => reportsFromBounceText(text, []), 1_000)).toHaveLength(100);
  });
});
