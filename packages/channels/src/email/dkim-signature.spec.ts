import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { relaxedBody } from './dkim-signature';
import { composeRawEmail, composeSignedEmail, type RawEmailInput } from './raw-email';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const records: Record<string, string> = {
  'herald202612._domainkey.news.example': `v=DKIM1; k=rsa; p=${rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  'herald202612e._domainkey.news.example': `v=DKIM1; k=ed25519; p=${ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64')}`,
};
const resolver = async (name: string, type: string): Promise<string[][]> => {
  const record = type === 'TXT' ? records[name] : undefined;
  if (record === undefined) throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
  return [[record]];
};

const message = (overrides: Partial<RawEmailInput> = {}): RawEmailInput => ({
  from: { name: 'Zoë Café', address: 'news@news.example' },
  to: 'anna@example.test',
  replyTo: 'reply@news.example',
  subject: 'Hallo Anna — €10 korting, a subject long enough to be folded over two lines by the composer',
  html: `<html>\r\n  <body>\t<p>Beste   Anna,</p>   \r\n<p>ëéü ✓</p>\r\n\r\n\r\n</body></html>  `,
  text: 'Beste Anna,  \nëéü ✓\n\n\n',
  messageId: '<m1.d2@bounces.herald.localhost>',
  headers: {
    'List-Unsubscribe': '<https://h.example/t/u/abc>, <mailto:u-1-x@bounces.herald.localhost>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  dkim: [
    { domain: 'news.example', selector: 'herald202612', key: rsa.privateKey },
    { domain: 'news.example', selector: 'herald202612e', key: ed.privateKey },
  ],
  ...overrides,
});

async function verify(source: Buffer) {
  const result = await dkimVerify(source, { resolver });
  return result.results.map((r) => ({ selector: r.selector, status: r.status.result, aligned: r.status.aligned }));
}

describe('DKIM signatures of composed messages', () => {
  it.each([true, false])('verify with mailauth, RSA and Ed25519, 8bit allowed: %s', async (allow8Bit) => {
    const { source } = composeRawEmail(message(), { allow8Bit });
    expect(await verify(source)).toEqual([
      { selector: 'herald202612', status: 'pass', aligned: 'news.example' },
      { selector: 'herald202612e', status: 'pass', aligned: 'news.example' },
    ]);
    const text = source.toString('utf8');
    const signature = text.slice(0, text.indexOf('\r\nFrom:'));
    expect(signature).toContain('c=relaxed/relaxed');
    for (const field of [
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'reply-to',
      'list-unsubscribe',
      'list-unsubscribe-post',
    ])
      expect(signature.replace(/\r\n /g, '').replace(/ /g, '')).toMatch(new RegExp(`h=[^;]*\\b${field}\\b`));
    for (const line of text.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
  });

  it('signs the same way in the thread pool (the send path)', async () => {
    const { source } = await composeSignedEmail(message(), { allow8Bit: true });
    expect(await verify(source)).toEqual([
      { selector: 'herald202612', status: 'pass', aligned: 'news.example' },
      { selector: 'herald202612e', status: 'pass', aligned: 'news.example' },
    ]);
    const unsigned = await composeSignedEmail(message({ dkim: [] }), { allow8Bit: true });
    expect(unsigned.source.toString('utf8')).not.toContain('DKIM-Signature');
  });

  it('fails when a signed header or the body is changed after signing', async () => {
    const { source } = composeRawEmail(message({ dkim: [message().dkim![0]!] }), { allow8Bit: true });
    const text = source.toString('utf8');
    expect(await verify(source)).toEqual([expect.objectContaining({ status: 'pass' })]);
    for (const tampered of [
      text.replace('Subject: Hallo Anna', 'Subject: Hallo Bert'),
      text.replace('Beste   Anna', 'Beste Bert'),
    ])
      expect(await verify(Buffer.from(tampered))).toEqual([
        expect.objectContaining({ status: expect.not.stringMatching(/^pass$/) }),
      ]);
  });

  it('adds nothing without keys', () => {
    const { source } = composeRawEmail(message({ dkim: [] }), { allow8Bit: true });
    expect(source.toString('utf8')).not.toContain('DKIM-Signature');
  });
});

describe('relaxedBody', () => {
  it.each([
    ['', ''],
    ['\r\n\r\n', ''],
    ['a  b \t c  \r\n', 'a b c\r\n'],
    ['abc\r\n\r\n\r\n', 'abc\r\n'],
    ['abc', 'abc\r\n'],
    ['abc\r\n  ', 'abc\r\n'],
    [' x\r\n\ty \r\n', ' x\r\n y\r\n'],
  ])('%j → %j', (body, canonical) => {
    expect(relaxedBody(body)).toBe(canonical);
  });
});
