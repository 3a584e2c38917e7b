import { describe, expect, it } from 'vitest';
import { classifySmtpReply } from './smtp-reply.classifier';

describe('classifySmtpReply', () => {
  it.each([
    [
      550,
      '5.1.1',
      '<x@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
      'HARD',
      '5.1.1',
    ],
    [550, undefined, '5.1.1 The email account that you tried to reach does not exist.', 'HARD', '5.1.1'],
    [553, undefined, '5.1.2 Domain does not exist', 'HARD', '5.1.2'],
    [
      550,
      undefined,
      '5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      'HARD',
      '5.1.10',
    ],
    // Gmail's disabled account: sisimai's "suspend", soft (counts towards disabling), not gone for good.
    [550, undefined, '5.2.1 The email account that you tried to reach is disabled.', 'SOFT', '5.2.1'],
    [550, undefined, 'Requested action not taken: mailbox unavailable', 'HARD', '550', 'RCPT TO'],
    [451, '4.3.0', 'Temporary lookup failure', 'SOFT', '4.3.0'],
    // What a server says when it will not talk to us: sisimai's "blocked", never the recipient's fault.
    [421, undefined, 'Service not available, closing transmission channel', 'SENDER', '421'],
  ] as const)('%i %s %s → %s', (code, enhanced, text, kind, expectedCode, command?: string) => {
    const result = classifySmtpReply({ code, enhanced, text, command });
    expect(result.kind).toBe(kind);
    expect(result.code).toBe(expectedCode);
    expect(result.reason).not.toBe('');
  });

  it('calls an unknown recipient hard only where the stage or the code says it is the address', () => {
    const text = 'Requested action not taken: mailbox unavailable';
    expect(classifySmtpReply({ code: 550, text, command: 'RCPT TO' })).toMatchObject({ kind: 'HARD' });
    expect(classifySmtpReply({ code: 550, text, command: 'DATA' })).toMatchObject({
      kind: 'SOFT',
      bounceReason: 'filtered',
    });
    expect(classifySmtpReply({ code: 550, text, command: 'MAIL FROM' })).toMatchObject({ kind: 'SENDER' });
  });

  it('treats a full mailbox as soft even when the server says 5xx', () => {
    expect(classifySmtpReply({ code: 552, enhanced: '5.2.2', text: 'Mailbox full' })).toMatchObject({
      kind: 'SOFT',
      code: '5.2.2',
      reason: 'Mailbox full',
    });
    expect(
      classifySmtpReply({ code: 452, text: "4.2.2 The recipient's inbox is out of storage space." }),
    ).toMatchObject({ kind: 'SOFT', code: '4.2.2' });
    expect(classifySmtpReply({ code: 550, text: 'Mailbox is full / over quota' }).kind).toBe('SOFT');
    expect(classifySmtpReply({ code: 554, text: 'user quota exceeded' }).kind).toBe('SOFT');
  });

  it.each([
    [421, '4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address.', '4.7.28'],
    [421, '4.7.27 Your email has been rate limited because SPF authentication did not pass.', '4.7.27'],
    [421, '4.7.30 Your email has been rate limited because DKIM authentication did not pass.', '4.7.30'],
    [550, '5.7.26 This mail has been blocked because the sender is unauthenticated.', '5.7.26'],
    [
      550,
      "5.7.515 Access denied, sending domain [HERALD.EXAMPLE] doesn't meet the required authentication level.",
      '5.7.515',
    ],
    [554, '5.7.1 Service unavailable; Client host [198.51.100.10] blocked using zen.spamhaus.org', '5.7.1'],
    [550, '5.7.9 Message not accepted for policy reasons.', '5.7.9'],
  ] as const)('%i %s is the sender’s problem', (code, text, expectedCode) => {
    expect(classifySmtpReply({ code, text })).toMatchObject({ kind: 'SENDER', code: expectedCode });
  });

  it('puts the sender-side words on the sender whatever the class', () => {
    expect(classifySmtpReply({ code: 554, text: 'Your message was rejected as spam' }).kind).toBe('SENDER');
    expect(
      classifySmtpReply({
        code: 421,
        text: '[TSS04] Messages from 198.51.100.10 temporarily deferred due to user complaints',
      }).kind,
    ).toBe('SENDER');
    expect(classifySmtpReply({ code: 450, text: 'Too many messages, rate limit exceeded, try later' }).kind).toBe(
      'SENDER',
    );
    expect(classifySmtpReply({ code: 550, text: 'IP blacklisted by local policy' }).kind).toBe('SENDER');
  });

  it('does not read "rate" inside other words, and does not call a 5xx it cannot read hard', () => {
    expect(
      classifySmtpReply({ code: 550, text: 'Message was generated separately and is not accurate' }),
    ).toMatchObject({ kind: 'SOFT', bounceReason: 'onhold' });
  });

  it('keeps greylisting soft although it is a 4.7.x reply', () => {
    expect(
      classifySmtpReply({
        code: 450,
        text: '4.7.1 <x@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/',
      }),
    ).toMatchObject({
      kind: 'SOFT',
      code: '4.7.1',
    });
  });

  it('lets the recipient code decide over sender words in the text', () => {
    expect(classifySmtpReply({ code: 550, text: '5.1.1 <x@example.org>: user unknown (spam filter)' }).kind).toBe(
      'HARD',
    );
  });

  it('prefers the enhanced code given apart over one in the text', () => {
    expect(classifySmtpReply({ code: 550, enhanced: '5.7.26', text: 'see 5.1.1 somewhere' })).toMatchObject({
      kind: 'SENDER',
      code: '5.7.26',
    });
  });

  it('does not take an IP address or a version number for an enhanced code', () => {
    expect(classifySmtpReply({ code: 550, text: 'host 192.5.4.3 (Postfix 2.10.1) said no' })).toMatchObject({
      kind: 'SOFT',
      code: '550',
    });
  });

  it('reads the basic code from the text when it is missing', () => {
    expect(classifySmtpReply({ code: Number.NaN, text: '550 5.1.1 user unknown' })).toMatchObject({
      kind: 'HARD',
      code: '5.1.1',
    });
    expect(classifySmtpReply({ code: 0, text: '421 too many connections from your IP' })).toMatchObject({
      kind: 'SENDER',
    });
  });

  it('counts a reply it cannot read as soft, so the address is retried rather than lost', () => {
    expect(classifySmtpReply({ code: 0, text: '' })).toMatchObject({ kind: 'SOFT', code: '' });
    expect(classifySmtpReply({ code: 250, text: 'ok' }).kind).toBe('SOFT');
  });

  it('treats message-level rejections as the sender’s problem, not the recipient’s', () => {
    expect(classifySmtpReply({ code: 552, text: '5.3.4 Message size exceeds fixed maximum message size' }).kind).toBe(
      'SENDER',
    );
    expect(classifySmtpReply({ code: 554, text: '5.6.0 Message content rejected' }).kind).toBe('SENDER');
  });
});
