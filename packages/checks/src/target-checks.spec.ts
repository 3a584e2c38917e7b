import { describe, expect, it } from 'vitest';
import { checkSettings, checkTarget, type TargetCheckInput } from './target-checks';

const target = (overrides: Partial<TargetCheckInput> = {}): TargetCheckInput => ({
  channel: 'EMAIL',
  recipients: 1000,
  suppressed: { unsubscribed: 20, disabled: 10, invalidAddress: 0 },
  ...overrides,
});
const codes = (findings: { code: string; severity: string }[]) => findings.map((f) => `${f.severity}:${f.code}`);

describe('target checks', () => {
  it('passes a target with recipients and few who left', () => {
    expect(checkTarget(target())).toEqual([]);
  });

  it('blocks an empty target', () => {
    expect(
      codes(checkTarget(target({ recipients: 0, suppressed: { unsubscribed: 0, disabled: 0, invalidAddress: 0 } }))),
    ).toEqual(['error:empty-target']);
  });

  it('warns when a tenth or more of the target unsubscribed or is disabled', () => {
    const findings = checkTarget(
      target({ recipients: 900, suppressed: { unsubscribed: 60, disabled: 40, invalidAddress: 0 } }),
    );
    expect(codes(findings)).toEqual(['warning:many-suppressed']);
    expect(findings[0]!.message).toMatch(
      /^100 of the 1000 profiles in the target \(10 %\) already unsubscribed \(60\) or are disabled \(40\)/,
    );
  });

  it('warns about invalid addresses in the channel’s words', () => {
    const sms = checkTarget(
      target({ channel: 'SMS', suppressed: { unsubscribed: 0, disabled: 0, invalidAddress: 3 } }),
    );
    expect(codes(sms)).toEqual(['warning:invalid-addresses']);
    expect(sms[0]!.message).toBe('3 mobile numbers in the target are not valid; those profiles get nothing.');
  });
});

describe('settings checks', () => {
  const settings = {
    recipients: 100_000,
    maxPerMinute: null,
    sendAt: new Date('2026-03-02T09:00:00Z'),
    timeZone: 'Europe/Amsterdam',
  };

  it('passes a daytime send without a limit, or with one that finishes within a day', () => {
    expect(checkSettings(settings)).toEqual([]);
    expect(checkSettings({ ...settings, maxPerMinute: 100 })).toEqual([]);
  });

  it('warns about a rate limit that makes the mailing last over a day', () => {
    const findings = checkSettings({ ...settings, maxPerMinute: 60, recipients: 100_000 });
    expect(codes(findings)).toEqual(['warning:unusual-rate-limit']);
    expect(findings[0]!.message).toMatch(/takes about 28 hours/);
  });

  it('warns about a send at night in the account’s time zone', () => {
    // 21:30 UTC is 22:30 in Amsterdam in winter, 06:30 is 07:30 there.
    const night = checkSettings({ ...settings, sendAt: new Date('2026-03-02T21:30:00Z') });
    expect(codes(night)).toEqual(['warning:unusual-send-time']);
    expect(night[0]!.message).toMatch(/goes at 22:00 \(Europe\/Amsterdam\)/);
    expect(checkSettings({ ...settings, sendAt: new Date('2026-03-02T06:30:00Z') })).toEqual([]);
  });

  it('leaves the time alone when the mailing goes now, at a moment a person chose', () => {
    expect(checkSettings({ ...settings, sendAt: null })).toEqual([]);
  });
});
