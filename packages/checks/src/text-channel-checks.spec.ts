import { describe, expect, it } from 'vitest';
import { checkFax, checkFaxNumbers, checkSms } from './text-channel-checks';

const codes = (findings: { code: string; severity: string }[]) => findings.map((f) => `${f.severity}:${f.code}`);
const CLEAN_SMS = {
  body: 'Hi {{ firstname }}, our sale starts today. Reply STOP to unsubscribe',
  sender: '+15005550006',
};

describe('SMS checks', () => {
  it('passes a short GSM text with an opt-out from a number', () => {
    expect(checkSms(CLEAN_SMS)).toEqual([]);
  });

  it('blocks an empty text and a template error', () => {
    expect(codes(checkSms({ ...CLEAN_SMS, body: '  ' }))).toEqual(['error:empty-body']);
    expect(codes(checkSms({ ...CLEAN_SMS, body: 'Hi {% if %} STOP' }))).toEqual(['error:template-error']);
  });

  it('warns about a text over one segment', () => {
    const findings = checkSms({
      ...CLEAN_SMS,
      body: `${'Our sale starts today. '.repeat(8)}Reply STOP to unsubscribe`,
    });
    expect(codes(findings)).toEqual(['warning:sms-segments']);
    expect(findings[0]!.message).toMatch(/takes 2 SMS segments \(209 characters, GSM-7\)/);
  });

  it('warns about characters that force UCS-2, naming them', () => {
    const findings = checkSms({ ...CLEAN_SMS, body: 'Our sale starts “today” 🎉 Reply STOP to unsubscribe' });
    expect(codes(findings)).toEqual(['warning:sms-unicode']);
    expect(findings[0]!.message).toMatch(/\("“" "”" "🎉"\)/);
  });

  it('warns about a text without an opt-out', () => {
    expect(codes(checkSms({ ...CLEAN_SMS, body: 'Our sale starts today' }))).toEqual(['warning:sms-no-opt-out']);
  });

  it('warns about asking for a STOP reply from a sender id that takes no replies', () => {
    expect(codes(checkSms({ ...CLEAN_SMS, sender: 'HeraldShop' }))).toEqual(['warning:sms-sender-id']);
    expect(
      checkSms({ ...CLEAN_SMS, body: 'Sale today. Unsubscribe: {{ unsubscribe }}', sender: 'HeraldShop' }),
    ).toEqual([]);
  });
});

describe('fax checks', () => {
  it('passes a fax text and fixed-line numbers', () => {
    expect(checkFax({ body: 'Price list for {{ company }}' })).toEqual([]);
    expect(checkFaxNumbers(['+31201234567', '+442071234567'])).toEqual([]);
  });

  it('blocks an empty fax', () => {
    expect(codes(checkFax({ body: '' }))).toEqual(['error:empty-body']);
  });

  it('warns about mobile numbers, which take no fax', () => {
    const findings = checkFaxNumbers(['+31201234567', '+31612345678', '+447911123456']);
    expect(codes(findings)).toEqual(['warning:not-fax-numbers']);
    expect(findings[0]!.message).toMatch(/^2 number\(s\) .* \(e\.g\. \+31612345678, \+447911123456\)/);
  });
});
