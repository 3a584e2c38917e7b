import { describe, expect, it } from 'vitest';
import { ReplyRules } from './reply-rule';

describe('ReplyRules', () => {
  it('lets the first matching rule decide, by pattern or by test', () => {
    const rules = new ReplyRules([
      { match: /^hard@/, code: 550, message: '5.1.1 User unknown' },
      { match: (rcpt) => rcpt.endsWith('@busy.test'), code: 451, message: '4.3.0 Try again later' },
    ]);
    expect(rules.replyFor('hard@busy.test')).toMatchObject({ responseCode: 550, message: '5.1.1 User unknown' });
    expect(rules.replyFor('x@busy.test')).toMatchObject({ responseCode: 451 });
    expect(rules.replyFor('ok@example.test')).toBeUndefined();
  });

  it('counts `times` per recipient, so every greylisted address is refused the same number of times', () => {
    const rules = new ReplyRules([{ match: /@grey\.test$/, code: 451, message: '4.7.1 Greylisted', times: 2 }]);
    expect(rules.replyFor('a@grey.test')?.responseCode).toBe(451);
    expect(rules.replyFor('b@grey.test')?.responseCode).toBe(451);
    expect(rules.replyFor('a@grey.test')?.responseCode).toBe(451);
    expect(rules.replyFor('a@grey.test')).toBeUndefined();
    expect(rules.replyFor('b@grey.test')?.responseCode).toBe(451);
    expect(rules.replyFor('b@grey.test')).toBeUndefined();
  });

  it('treats a global pattern alike on every call', () => {
    const rules = new ReplyRules([{ match: /^x@/g, code: 550, message: 'no' }]);
    expect(rules.replyFor('x@a.test')).toBeDefined();
    expect(rules.replyFor('x@a.test')).toBeDefined();
  });

  it('refuses a code that is not an SMTP error', () => {
    expect(() => new ReplyRules([{ match: /x/, code: 250, message: 'ok' }])).toThrow(/400–599/);
  });
});
