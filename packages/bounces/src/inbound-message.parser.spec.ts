import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DeliveryStatusNotification, InboundMessage } from './inbound-message';
import { DEFAULT_MAX_INBOUND_BYTES, parseInboundMessage } from './inbound-message.parser';

interface RecipientBlock {
  recipient: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}

/** A small RFC 3464 DSN; each test changes only what it is about. */
function dsn(
  options: {
    recipients?: RecipientBlock[];
    perMessage?: string;
    statusEncoding?: 'base64';
    returned?: string;
    boundary?: string;
  } = {},
): string {
  const boundary = options.boundary ?? 'B0UND';
  const recipients = options.recipients ?? [
    { recipient: 'someone@example.org', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' },
  ];
  const blocks = recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.recipient}`,
      r.action !== undefined ? `Action: ${r.action}` : undefined,
      r.status !== undefined ? `Status: ${r.status}` : undefined,
      r.diagnostic !== undefined ? `Diagnostic-Code: ${r.diagnostic}` : undefined,
    ]
      .filter(Boolean)
      .join('\r\n'),
  );
  let status = [options.perMessage ?? 'Reporting-MTA: dns; mx.example.org', ...blocks].join('\r\n\r\n');
  if (options.statusEncoding === 'base64')
    status = Buffer.from(status)
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n');
  return [
    'From: MAILER-DAEMON@mx.example.org',
    'To: b-1-aaaaaaaaaaaaaaaa@bounces.herald.localhost',
    'Subject: Undelivered Mail Returned to Sender',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    options.statusEncoding ? `Content-Transfer-Encoding: ${options.statusEncoding}` : undefined,
    '',
    status,
    `--${boundary}`,
    'Content-Type: message/rfc822',
    '',
    options.returned ?? 'Message-ID: <original@herald.example>\r\nSubject: Hi\r\n\r\nHello',
    `--${boundary}--`,
    '',
  ]
    .filter((line) => line !== undefined)
    .join('\r\n');
}

function asDsn(message: InboundMessage): DeliveryStatusNotification {
  if (message.kind !== 'DSN') throw new Error(`expected a DSN, got ${message.kind}: ${JSON.stringify(message)}`);
  return message;
}

describe('parseInboundMessage: delivery status notifications', () => {
  it('reads every recipient of a DSN with its own classification', () => {
    const result = asDsn(
      parseInboundMessage(
        dsn({
          recipients: [
            { recipient: 'Gone@Example.org', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 unknown' },
            {
              recipient: 'full@example.org',
              action: 'failed',
              status: '5.2.2',
              diagnostic: 'smtp; 552 5.2.2 mailbox full',
            },
            {
              recipient: 'slow@example.org',
              action: 'delayed',
              status: '4.4.1',
              diagnostic: 'X-Postfix; connect timed out',
            },
            { recipient: 'ok@example.org', action: 'delivered', status: '2.0.0' },
            {
              recipient: 'blocked@example.org',
              action: 'failed',
              status: '5.7.1',
              diagnostic: 'smtp; 554 5.7.1 blocked using zen.spamhaus.org',
            },
          ],
        }),
      ),
    );
    expect(result.format).toBe('RFC3464');
    expect(result.reports.map((r) => [r.finalRecipient, r.action, r.status, r.classification])).toEqual([
      ['gone@example.org', 'failed', '5.1.1', 'HARD'],
      ['full@example.org', 'failed', '5.2.2', 'SOFT'],
      ['slow@example.org', 'delayed', '4.4.1', 'SOFT'],
      ['ok@example.org', 'delivered', '2.0.0', null],
      ['blocked@example.org', 'failed', '5.7.1', 'SENDER'],
    ]);
    expect(result.originalMessageId).toBe('<original@herald.example>');
  });

  it('takes the precise code from the diagnostic when Status is generic', () => {
    const [report] = asDsn(
      parseInboundMessage(
        dsn({
          recipients: [
            {
              recipient: 'x@example.org',
              action: 'failed',
              status: '5.0.0',
              diagnostic: 'smtp; 550-5.7.26 unauthenticated sender',
            },
          ],
        }),
      ),
    ).reports;
    expect(report).toMatchObject({ status: '5.7.26', classification: 'SENDER' });
  });

  it('falls back to the diagnostic text when there is no Status', () => {
    const [report] = asDsn(
      parseInboundMessage(
        dsn({
          recipients: [{ recipient: 'x@example.org', action: 'failed', diagnostic: 'smtp; 550 mailbox is full' }],
        }),
      ),
    ).reports;
    expect(report).toMatchObject({ status: '5.0.0', classification: 'SOFT', reason: 'Mailbox full' });
  });

  it('derives a missing Action from the Status class', () => {
    const [report] = asDsn(
      parseInboundMessage(dsn({ recipients: [{ recipient: 'x@example.org', status: '4.2.0' }] })),
    ).reports;
    expect(report).toMatchObject({ action: 'delayed', classification: 'SOFT' });
  });

  it('never calls a delayed message hard, whatever code it carries', () => {
    const [report] = asDsn(
      parseInboundMessage(dsn({ recipients: [{ recipient: 'x@example.org', action: 'delayed', status: '5.1.1' }] })),
    ).reports;
    expect(report?.classification).toBe('SOFT');
  });

  it('reads a base64-encoded delivery-status part and a DSN without per-message fields', () => {
    expect(asDsn(parseInboundMessage(dsn({ statusEncoding: 'base64' }))).reports[0]?.finalRecipient).toBe(
      'someone@example.org',
    );
    expect(asDsn(parseInboundMessage(dsn({ perMessage: '' }))).reports).toHaveLength(1);
  });

  it('reads the envelope id, the reporting MTA and the X-Postfix-Sender return path', () => {
    const result = asDsn(
      parseInboundMessage(
        dsn({
          perMessage:
            'Reporting-MTA: dns; mx.example.org\r\nOriginal-Envelope-Id: env-77\r\nX-Postfix-Sender: rfc822; b-77-bbbbbbbbbbbbbbbb@bounces.herald.localhost',
        }),
      ),
    );
    expect(result).toMatchObject({ originalEnvelopeId: 'env-77', reportingMta: 'mx.example.org' });
    expect(result.returnPathCandidates).toContain('b-77-bbbbbbbbbbbbbbbb@bounces.herald.localhost');
  });

  it('does not mistake a longer boundary that starts with the same text for a delimiter', () => {
    const quoted = [
      '--B0UND-quoted',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; fake@evil.example',
      'Action: failed',
      'Status: 5.1.1',
    ].join('\r\n');
    const raw = dsn().replace('Your message could not be delivered.', quoted);
    expect(asDsn(parseInboundMessage(raw)).reports.map((report) => report.finalRecipient)).toEqual([
      'someone@example.org',
    ]);
  });

  it('falls back to the text when the delivery-status part is empty', () => {
    const raw = dsn({ recipients: [] }).replace(
      'Your message could not be delivered.',
      '<lost@example.org>:\r\n550 5.1.1 no such user',
    );
    const result = asDsn(parseInboundMessage(raw));
    expect(result.format).toBe('TEXT');
    expect(result.reports[0]).toMatchObject({ finalRecipient: 'lost@example.org', classification: 'HARD' });
  });
});

describe('parseInboundMessage: never throws, never blows up', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \r\n\r\n  '],
    ['binary', randomBytes(4096)],
    ['a header with no body', 'Subject: hello'],
    [
      'a multipart without boundary',
      'Content-Type: multipart/report; report-type=delivery-status\r\n\r\nno parts here',
    ],
    [
      'an unterminated multipart',
      'Content-Type: multipart/report; boundary=x; report-type=delivery-status\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Rec',
    ],
    [
      'a bad charset and encoding',
      'Content-Type: text/plain; charset=x-nonsense\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!***',
    ],
    ['an Uint8Array', new Uint8Array([0, 1, 2, 255])],
  ] as const)('returns OTHER for %s', (_name, raw) => {
    const result = parseInboundMessage(raw);
    expect(result.kind).toBe('OTHER');
  });

  it('survives random mutations of a real DSN', () => {
    const base = Buffer.from(dsn());
    for (let round = 0; round < 300; round += 1) {
      const mutated = Buffer.from(base);
      for (let flip = 0; flip < 20; flip += 1)
        mutated[Math.floor(Math.random() * mutated.length)] = Math.floor(Math.random() * 256);
      expect(() => parseInboundMessage(mutated)).not.toThrow();
    }
  });

  it('survives deep nesting and a flood of parts', () => {
    let nested = 'Content-Type: text/plain\r\n\r\nend';
    for (let depth = 0; depth < 200; depth += 1)
      nested = `Content-Type: multipart/mixed; boundary="n${depth}"\r\n\r\n--n${depth}\r\n${nested}\r\n--n${depth}--`;
    expect(parseInboundMessage(nested).kind).toBe('OTHER');
    const flood = `Content-Type: multipart/mixed; boundary=f\r\n\r\n${'--f\r\n\r\nx\r\n'.repeat(50_000)}--f--`;
    expect(parseInboundMessage(flood).kind).toBe('OTHER');
  });

  it('reads only the first maxBytes of a huge message, says so, and still finds the report', () => {
    const attachment = 'A'.repeat(76) + '\r\n';
    const returned = `Message-ID: <big@herald.example>\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment.repeat(Math.ceil((DEFAULT_MAX_INBOUND_BYTES * 2) / attachment.length))}`;
    const raw = dsn({ returned });
    expect(raw.length).toBeGreaterThan(DEFAULT_MAX_INBOUND_BYTES);
    const started = performance.now();
    const result = asDsn(parseInboundMessage(raw));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.truncated).toBe(true);
    expect(result.reports[0]?.classification).toBe('HARD');
    expect(result.originalMessageId).toBe('<big@herald.example>');
  });

  it('honours a smaller maxBytes and flags an untouched message as not truncated', () => {
    expect(parseInboundMessage(dsn()).truncated).toBe(false);
    expect(parseInboundMessage(dsn(), { maxBytes: 100 })).toMatchObject({ kind: 'OTHER', truncated: true });
  });
});

describe('parseInboundMessage: automatic replies and other mail', () => {
  const reply = (headers: string[], body = 'I am away.'): string => [...headers, '', body].join('\r\n');

  it.each([
    [['Auto-Submitted: auto-replied', 'Subject: Re: hi'], 'Auto-Submitted: auto-replied'],
    [['X-Autoreply: yes', 'Subject: hi'], 'X-Autoreply: yes'],
    [['Precedence: auto_reply', 'Subject: hi'], 'Precedence: auto_reply'],
    [['Subject: Out of Office: Spring collection'], 'Subject: Out of Office'],
    [['Subject: =?utf-8?Q?R=C3=A9ponse_automatique?= : Spring'], 'Subject: Réponse automatique'],
    [['Subject: Automatisch antwoord: Spring collection'], 'Subject: Automatisch antwoord'],
  ])('recognises %j', (headers, reason) => {
    const result = parseInboundMessage(reply(['From: a@example.org', ...headers]));
    expect(result.kind).toBe('AUTO_REPLY');
    expect(result.kind === 'AUTO_REPLY' && result.reason).toContain(reason);
  });

  it('does not take Auto-Submitted: no for an automatic reply', () => {
    expect(parseInboundMessage(reply(['From: a@example.org', 'Auto-Submitted: no', 'Subject: Question'])).kind).toBe(
      'OTHER',
    );
  });

  it('reads a bounce as a bounce although it is also auto-submitted', () => {
    expect(parseInboundMessage(dsn().replace('From:', 'Auto-Submitted: auto-replied\r\nFrom:')).kind).toBe('DSN');
  });

  it('keeps the subject of mail it does not understand, for the list of other received messages', () => {
    expect(parseInboundMessage(reply(['From: a@example.org', 'Subject: Question about my order']))).toEqual({
      kind: 'OTHER',
      reason: 'Not a bounce, complaint or automatic reply',
      subject: 'Question about my order',
      truncated: false,
    });
  });
});

describe('parseInboundMessage: hostile input', () => {
  const megabyte = 1024 * 1024;
  it.each([
    ['a run of address characters', 'a'.repeat(megabyte)],
    ['a run of at-signs in angle brackets', `<${'a@'.repeat(megabyte / 2)}>:`],
    ['unclosed tags', '<'.repeat(megabyte)],
    ['unclosed scripts', '<script'.repeat(megabyte / 7)],
    ['reply codes and spaces', '550 '.repeat(megabyte / 4)],
    ['long indented lines', `The following address(es) failed:\n ${'x@'.repeat(megabyte / 2)}\n`],
  ])('stays fast on %s', (_name, body) => {
    for (const type of ['text/plain', 'text/html']) {
      const raw = `From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail\r\nContent-Type: ${type}\r\nX-Long: ${body.slice(0, 100_000)}\r\n\r\n${body}`;
      const started = performance.now();
      expect(() => parseInboundMessage(raw)).not.toThrow();
      expect(performance.now() - started).toBeLessThan(1_500);
    }
  });
});
