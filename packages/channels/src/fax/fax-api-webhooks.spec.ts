import { describe, expect, it } from 'vitest';
import { faxCallbackSignature, faxStatusOf, isSignedByFaxProvider } from './fax-api-webhooks';

const url = 'https://herald.example/fax/status?d=7.42';
const token = 'callback-token';
const fax = (value: unknown): Record<string, string> => ({ success: 'false', fax: JSON.stringify(value) });
const failure = (errorType: string, errorCode: string) =>
  fax({
    id: 123,
    num_pages: 2,
    status: 'failure',
    recipients: [{ status: 'failure', error_type: errorType, error_code: errorCode, error_message: 'why' }],
  });

describe('faxCallbackSignature', () => {
  it('signs the URL and the parameters sorted by name, so their order does not matter', () => {
    const a = faxCallbackSignature(token, url, { b: '2', a: '1' });
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(faxCallbackSignature(token, url, { a: '1', b: '2' })).toBe(a);
    expect(isSignedByFaxProvider(token, a, url, { a: '1', b: '2' })).toBe(true);
  });

  it('refuses a missing, malformed or forged signature, another URL and changed parameters', () => {
    const good = faxCallbackSignature(token, url, { a: '1' });
    expect(isSignedByFaxProvider(token, undefined, url, { a: '1' })).toBe(false);
    expect(isSignedByFaxProvider(token, 'not hex', url, { a: '1' })).toBe(false);
    expect(isSignedByFaxProvider(token, faxCallbackSignature('forged', url, { a: '1' }), url, { a: '1' })).toBe(false);
    expect(isSignedByFaxProvider(token, good, `${url}3`, { a: '1' })).toBe(false);
    expect(isSignedByFaxProvider(token, good, url, { a: '2' })).toBe(false);
  });
});

describe('faxStatusOf', () => {
  it('reads a delivered fax with its pages', () => {
    expect(faxStatusOf(fax({ id: 123, num_pages: 3, status: 'success', recipients: [] }))).toEqual({
      faxId: '123',
      outcome: 'delivered',
      pages: 3,
      errorKind: null,
      errorCode: null,
      errorText: null,
    });
  });

  it.each([
    ['a busy line', 'lineError', 'busy', 'busy', 'SOFT', 'busy'],
    ['no answer', 'lineError', 'no_answer', 'no-answer', 'SOFT', 'no-answer'],
    ['not a fax machine (fatal): hard', 'fatalError', 'not_fax_machine', 'failed', 'HARD', 'not_fax_machine'],
    ['a fax protocol error: soft', 'faxError', 'training_failed', 'failed', 'SOFT', 'training_failed'],
  ])('reads %s', (_name, type, code, outcome, kind, stored) => {
    expect(faxStatusOf(failure(type, code))).toMatchObject({
      faxId: '123',
      outcome,
      pages: 2,
      errorKind: kind,
      errorCode: stored,
      errorText: 'why',
    });
  });

  it('reports nothing yet for a fax still on its way', () => {
    expect(faxStatusOf(fax({ id: 1, num_pages: 1, status: 'inprogress' }))).toBe('pending');
  });

  it.each([
    ['no fax parameter', {}],
    ['not JSON', { fax: '{' }],
    ['no id', fax({ num_pages: 1, status: 'success' })],
    ['an id with odd characters', fax({ id: '1;2', num_pages: 1, status: 'success' })],
    ['negative pages', fax({ id: 1, num_pages: -1, status: 'success' })],
    ['an unknown status', fax({ id: 1, num_pages: 1, status: 'lost' })],
  ])('refuses %s', (_name, params) => {
    expect(faxStatusOf(params as Record<string, string>)).toBeNull();
  });
});
