import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import { dkimSelector, generateSenderDomainKeys, normalizeSenderDomain, senderDnsRecords } from './sender-domain';

describe('normalizeSenderDomain', () => {
  it.each([
    ['news.example', 'news.example', 'news.example'],
    ['  News.EXAMPLE. ', 'news.example', 'news.example'],
    ['bücher.de', 'xn--bcher-kva.de', 'bücher.de'],
    ['XN--BCHER-KVA.de', 'xn--bcher-kva.de', 'bücher.de'],
    ['mail.例え.jp', 'mail.xn--r8jz45g.jp', 'mail.例え.jp'],
  ])('%j → %s (%s)', (input, domain, unicode) => {
    expect(normalizeSenderDomain(input)).toEqual({ domain, unicode });
  });

  it.each([
    ['', 'required'],
    ['a@b.example', 'bare domain'],
    ['b.example:25', 'bare domain'],
    ['b .example', 'bare domain'],
    ['192.0.2.1', 'IP address'],
    ['[::1]', 'IP address'],
    ['example', 'top-level'],
    ['a..example', 'label'],
    ['-a.example', 'label'],
    ['a_b.example', 'label'],
    ['example.123', 'not a valid domain name'],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`, '253'],
  ])('refuses %j, naming the domain field (%s)', (input, message) => {
    const error = (() => {
      try {
        normalizeSenderDomain(input);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toContain(message);
    expect((error as DomainError).issues[0]?.path).toBe('domain');
  });
});

describe('generateSenderDomainKeys and senderDnsRecords', () => {
  it('makes an RSA-2048 pair (and an Ed25519 pair) whose published keys verify what the private keys sign', async () => {
    const keys = await generateSenderDomainKeys(new Date('2026-12-04T10:00:00Z'), true);
    expect(keys.rsa.selector).toBe('herald202612');
    expect(keys.ed25519!.selector).toBe('herald202612e');
    const rsaPublic = createPublicKey({ key: Buffer.from(keys.rsa.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(rsaPublic.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const signed = sign('sha256', Buffer.from('x'), createPrivateKey(keys.rsa.privateKeyPem));
    expect(verify('sha256', Buffer.from('x'), rsaPublic, signed)).toBe(true);
    expect(Buffer.from(keys.ed25519!.publicKey, 'base64')).toHaveLength(32);

    const records = senderDnsRecords('news.example', keys, {
      spfInclude: 'spf.herald.test',
      returnPathHost: 'bounces.herald.test',
      trackingHost: 'herald.test',
    });
    expect(records.map((r) => [r.type, r.name, r.value])).toEqual([
      ['TXT', 'herald202612._domainkey.news.example', `v=DKIM1; k=rsa; p=${keys.rsa.publicKey}`],
      ['TXT', 'herald202612e._domainkey.news.example', `v=DKIM1; k=ed25519; p=${keys.ed25519!.publicKey}`],
      ['TXT', 'news.example', 'v=spf1 include:spf.herald.test ~all'],
      ['TXT', '_dmarc.news.example', 'v=DMARC1; p=none; adkim=r; aspf=r'],
      ['CNAME', 'bounces.news.example', 'bounces.herald.test'],
      ['CNAME', 'links.news.example', 'herald.test'],
    ]);
    expect(records.filter((r) => r.required).map((r) => r.purpose)).toEqual(['dkim', 'spf', 'dmarc']);
  });

  it('names selectors by the month of creation, in UTC', () => {
    expect(dkimSelector(new Date('2027-01-31T23:30:00-02:00'))).toBe('herald202702');
  });
});
