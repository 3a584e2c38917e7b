import { describe, expect, it } from 'vitest';
import { headerBlockEnd, parseHeaderBlock } from './header-block';

describe('parseHeaderBlock', () => {
  it('lower-cases names, unfolds folded lines, decodes encoded words and keeps repeated headers', () => {
    const block = [
      'Received: from a by b',
      'Received: from c by d',
      'Subject: =?UTF-8?B?SGFsbMO2IFfDtnJsZA==?=',
      'From: "Herald City1" <news@herald.example>',
      'List-Unsubscribe: <https://t.example/u/abc>,',
      '\t<mailto:u@example.test>',
      '',
      'Body: not a header',
    ].join('\r\n');
    expect(parseHeaderBlock(block)).toEqual({
      received: 'from a by b\nfrom c by d',
      subject: 'Hallö Wörld',
      from: '"Herald City1" <news@herald.example>',
      'list-unsubscribe': '<https://t.example/u/abc>, <mailto:u@example.test>',
    });
  });
});

describe('headerBlockEnd', () => {
  it('finds the blank line with CRLF or bare LF, and -1 while the block goes on', () => {
    expect(headerBlockEnd(Buffer.from('A: 1\r\nB: 2\r\n\r\nbody'))).toBe(10);
    expect(headerBlockEnd(Buffer.from('A: 1\nB: 2\n\nbody'))).toBe(9);
    expect(headerBlockEnd(Buffer.from('A: 1\r\nB: 2\r\n'))).toBe(-1);
  });
});
