import { describe, expect, it } from 'vitest';
import { BOUNCE_REASONS, bounceActionOf } from './bounce-reason';
import { buildDeliveryReport } from './delivery-report';
import { classifySmtpReply } from './smtp-reply.classifier';

const report = (status: string, diagnosticCode: string, extra: { remoteMta?: string; finalRecipient?: string } = {}) =>
  buildDeliveryReport({
    finalRecipient: extra.finalRecipient ?? 'someone@example.org',
    action: 'failed',
    status,
    diagnosticCode,
    remoteMta: extra.remoteMta,
  });

describe('bounceActionOf', () => {
  it('gives every reason one action, and only a delivery none', () => {
    for (const reason of BOUNCE_REASONS) {
      const action = bounceActionOf(reason, false);
      if (reason === 'delivered') expect(action).toBeNull();
      else expect(['HARD', 'SOFT', 'SENDER']).toContain(action);
    }
  });

  it('disables at once only for a dead address, and never for a temporary reply', () => {
    const hard = BOUNCE_REASONS.filter((reason) => bounceActionOf(reason, false) === 'HARD');
    expect(hard.sort()).toEqual(['hasmoved', 'hostunknown', 'notaccept', 'userunknown']);
    for (const reason of hard) expect(bounceActionOf(reason, true)).toBe('SOFT');
  });
});

describe('the order of evidence (issue 14)', () => {
  it('trusts the diagnostic and its code over the Status field', () => {
    expect(report('5.1.1', 'smtp; 550 5.7.1 IP address blacklisted')).toMatchObject({
      bounceReason: 'blocked',
      classification: 'SENDER',
      status: '5.7.1',
    });
    expect(report('5.1.1', 'smtp; 552 5.2.2 Over quota')).toMatchObject({
      bounceReason: 'mailboxfull',
      classification: 'SOFT',
    });
  });

  it('calls expiry and timeouts soft, whatever their class', () => {
    expect(report('5.0.0', 'retry timeout exceeded')).toMatchObject({
      bounceReason: 'expired',
      classification: 'SOFT',
    });
    expect(report('5.4.7', '554 4.4.7 Message expired')).toMatchObject({ classification: 'SOFT' });
  });

  it('puts rejections of the sender on the sender', () => {
    expect(report('5.0.0', '553 sender rejected')).toMatchObject({ classification: 'SENDER' });
    expect(report('5.0.0', '550 Access denied (in reply to MAIL FROM command)')).toMatchObject({
      bounceReason: 'rejected',
      classification: 'SENDER',
    });
    expect(
      report(
        '4.2.1',
        '450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.',
        { remoteMta: 'gmail-smtp-in.l.google.com' },
      ),
    ).toMatchObject({ bounceReason: 'ratelimited', classification: 'SENDER' });
  });

  it('keeps refusals of the recipient on the recipient', () => {
    expect(report('5.7.13', '550 5.7.13 Disabled recipient address')).toMatchObject({
      bounceReason: 'suspend',
      classification: 'SOFT',
    });
    expect(
      report('5.1.1', '550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in virtual mailbox table'),
    ).toMatchObject({ bounceReason: 'userunknown', classification: 'HARD' });
  });

  it("reads past a provider's wrapper to the code it hides", () => {
    expect(
      report(
        '5.1.0',
        "smtp; 5.1.0 - Unknown address error 552-'5.2.2 The email account that you tried to reach is over quota. Mailbox Full'",
      ),
    ).toMatchObject({ bounceReason: 'mailboxfull', classification: 'SOFT' });
  });

  it('calls a user unknown after DATA a filter, and one at RCPT TO a dead address', () => {
    expect(report('5.0.0', '550 unknown user (in reply to end of DATA command)')).toMatchObject({
      bounceReason: 'filtered',
      classification: 'SOFT',
    });
    expect(report('5.0.0', '550 unknown user (in reply to RCPT TO command)')).toMatchObject({
      bounceReason: 'userunknown',
      classification: 'HARD',
    });
  });

  it('does not call a 5xx it cannot read hard', () => {
    expect(report('5.0.0', '')).toMatchObject({ bounceReason: 'undefined', classification: 'SOFT' });
  });

  it('classifies a reply at send time the same way', () => {
    expect(classifySmtpReply({ code: 550, text: '5.7.1 IP address blacklisted' })).toMatchObject({
      kind: 'SENDER',
      bounceReason: 'blocked',
    });
    expect(classifySmtpReply({ code: 451, text: '4.7.1 Greylisted, please retry' })).toMatchObject({
      kind: 'SOFT',
      bounceReason: 'greylisted',
    });
  });
});
