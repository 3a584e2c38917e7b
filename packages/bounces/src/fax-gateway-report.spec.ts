import { describe, expect, it } from 'vitest';
import { parseFaxGatewayReport, type FaxGatewayReport } from './fax-gateway-report';

/** A gateway's confirmation mail: headers, then a plain-text body (or the parts given). */
function mail(subject: string, body: string, extraHeaders: string[] = []): string {
  return [
    'From: "Fax Service" <confirm@fax.gateway.test>',
    'To: b-42-abcdefghijklmnop@bounces.herald.test',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    ...extraHeaders,
    ...(extraHeaders.some((h) => /^content-type/i.test(h)) ? [] : ['Content-Type: text/plain; charset=utf-8']),
    '',
    body,
    '',
  ].join('\r\n');
}

const cases: Array<[string, string, FaxGatewayReport | null]> = [
  [
    'InterFAX-style plain-text confirmation, delivered',
    mail(
      'Fax to 31201234561 completed',
      [
        'Transaction ID: 558813',
        'Destination fax: 0031201234561',
        'Pages sent: 3',
        'Status: OK',
        'Duration: 52 seconds',
      ].join('\r\n'),
    ),
    { status: 'delivered', pages: 3, reason: null, errorKind: null },
  ],
  [
    'a sentence with the page count, delivered',
    mail('Your fax was sent successfully', 'Your fax to +31 20 123 4562 was delivered: 2 pages in 41 seconds.'),
    { status: 'delivered', pages: 2, reason: null, errorKind: null },
  ],
  [
    'busy after the retries, with the pages tried',
    mail('Fax to 31201234563 failed', 'Your fax could not be delivered.\r\nStatus: Busy\r\nPages: 1\r\nAttempts: 3'),
    { status: 'busy', pages: 1, reason: 'Busy', errorKind: 'SOFT' },
  ],
  [
    'no answer, said in the subject only',
    mail('Fax not sent: no answer', 'We tried 3 times to send your fax of 4 pages to 31201234564.'),
    { status: 'no-answer', pages: 4, reason: 'Fax not sent: no answer', errorKind: 'SOFT' },
  ],
  [
    'messagenet-style fax tone missing',
    mail('Fax transmission report', 'Status: CANCELLED NA\r\nReason: Fax tone missing (no answer or voice answer)'),
    {
      status: 'no-answer',
      pages: 0,
      reason: 'Fax tone missing (no answer or voice answer)',
      errorKind: 'SOFT',
    },
  ],
  [
    'failed with a reason about the number: hard',
    mail('Fax delivery failure', 'Status: Failed\r\nReason: The number is not a fax machine\r\nPages: 0 of 2 pages'),
    { status: 'failed', pages: 0, reason: 'The number is not a fax machine', errorKind: 'HARD' },
  ],
  [
    'failed on the line: soft',
    mail('Fax failed', 'Status: Error\r\nError: Training failed (bad line condition)\r\nPages: 0'),
    { status: 'failed', pages: 0, reason: 'Training failed (bad line condition)', errorKind: 'SOFT' },
  ],
  [
    'an HTML-only report',
    mail(
      'Fax status',
      '<html><body><table><tr><td>Status:</td><td>Delivered</td></tr><tr><td>Pages sent:</td><td>5</td></tr></table></body></html>',
      ['Content-Type: text/html; charset=utf-8'],
    ),
    { status: 'delivered', pages: 5, reason: null, errorKind: null },
  ],
  [
    'a receipt that the job is queued: no outcome yet',
    mail('Fax job received', 'Your fax to 31201234561 has been queued for transmission.'),
    null,
  ],
  ['an unrelated reply', mail('Re: Fax 12', 'Thanks, I will read it tomorrow.'), null],
  ['a message about anything but a fax', mail('Lunch', 'Status: OK'), null],
  [
    'a standard DSN from the gateway’s MTA: a bounce, not a gateway report',
    mail(
      'Undelivered Mail Returned to Sender',
      '--b1\r\nContent-Type: text/plain\r\n\r\nYour fax failed.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.fax.gateway.test\r\n\r\nFinal-Recipient: rfc822; 31201234561@fax.gateway.test\r\nAction: failed\r\nStatus: 5.1.1\r\n--b1--',
      ['Content-Type: multipart/report; report-type=delivery-status; boundary="b1"'],
    ),
    null,
  ],
  [
    'a mail server’s plain-text bounce about the fax address: a bounce, not a gateway report',
    mail(
      'failure notice',
      "Hi. This is the qmail-send program at mx.fax.gateway.test.\r\nI'm afraid I wasn't able to deliver your message to the following addresses.\r\n<31201234561@fax.gateway.test>: Fax failed",
    ).replace('From: "Fax Service" <confirm@fax.gateway.test>', 'From: MAILER-DAEMON@mx.fax.gateway.test'),
    null,
  ],
];

describe('parseFaxGatewayReport', () => {
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(parseFaxGatewayReport(raw)).toEqual(expected);
    expect(parseFaxGatewayReport(Buffer.from(raw, 'utf8'))).toEqual(expected);
  });

  it('reads the report, not the fax attached to it', () => {
    const raw = mail(
      'Fax to 31201234561: delivered',
      [
        '--m1',
        'Content-Type: text/plain',
        '',
        'Status: Delivered',
        'Pages: 2',
        '--m1',
        'Content-Type: text/plain',
        'Content-Disposition: attachment; filename="fax.txt"',
        '',
        'Status: Busy, 9 pages',
        '--m1--',
      ].join('\r\n'),
      ['Content-Type: multipart/mixed; boundary="m1"'],
    );
    expect(parseFaxGatewayReport(raw)).toEqual({ status: 'delivered', pages: 2, reason: null, errorKind: null });
  });

  it('never throws on garbage and answers null', () => {
    for (const raw of [
      '',
      '\u0000\u0001',
      'Subject: fax\r\n\r\n',
      'Content-Type: multipart/mixed; boundary=""\r\n\r\n--',
    ]) {
      expect(() => parseFaxGatewayReport(raw)).not.toThrow();
    }
    expect(parseFaxGatewayReport('Subject: fax\r\n\r\n')).toBeNull();
    expect(parseFaxGatewayReport(mail('Fax', 'Pages: 99999999\r\nStatus: OK'))).toEqual({
      status: 'delivered',
      pages: 0,
      reason: null,
      errorKind: null,
    });
  });
});
