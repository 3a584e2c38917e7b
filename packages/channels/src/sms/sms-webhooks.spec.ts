import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { isSignedByTwilio, smsReplyKeyword } from './sms-webhooks';
import { twilioErrorKind } from './twilio-errors';

describe('isSignedByTwilio', () => {
  const url = 'https://herald.example/sms/status?d=1.2';
  const params = { MessageSid: `SM${'a'.repeat(32)}`, MessageStatus: 'failed', ErrorCode: '30006' };
  const signed = twilio.getExpectedTwilioSignature('token', url, params);

  it('accepts what Twilio signed with this token for this URL and these parameters only', () => {
    expect(isSignedByTwilio('token', signed, url, params)).toBe(true);
    expect(isSignedByTwilio('other', signed, url, params)).toBe(false);
    expect(isSignedByTwilio('token', signed, 'https://herald.example/sms/status?d=1.3', params)).toBe(false);
    expect(isSignedByTwilio('token', signed, url, { ...params, ErrorCode: '30003' })).toBe(false);
    expect(isSignedByTwilio('token', undefined, url, params)).toBe(false);
    expect(isSignedByTwilio('token', '', url, params)).toBe(false);
  });
});

describe('smsReplyKeyword', () => {
  it.each([
    ['STOP', 'opt-out'],
    [' stop ', 'opt-out'],
    ['StopAll', 'opt-out'],
    ['UNSUBSCRIBE', 'opt-out'],
    ['cancel', 'opt-out'],
    ['END', 'opt-out'],
    ['quit', 'opt-out'],
    ['START', 'opt-in'],
    ['unstop', 'opt-in'],
    ['please stop texting me', null],
    ['', null],
  ])('%j is %s', (body, keyword) => {
    expect(smsReplyKeyword(body)).toBe(keyword);
  });
});

describe('twilioErrorKind', () => {
  it.each([
    [21211, 'HARD'],
    [21614, 'HARD'],
    [21610, 'HARD'],
    [30005, 'HARD'],
    [30006, 'HARD'],
    [20429, 'RETRY'],
    [30001, 'RETRY'],
    [20003, 'SENDER'],
    [30007, 'SENDER'],
    [30003, 'SOFT'],
    [null, 'SOFT'],
  ])('%s is %s', (code, kind) => {
    expect(twilioErrorKind(code)).toBe(kind);
  });
});
