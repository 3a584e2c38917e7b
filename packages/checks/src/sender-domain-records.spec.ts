import { senderDnsRecords } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import type { DnsResolver } from './dns';
import { senderDomainVerified, verifySenderDnsRecords } from './sender-domain-records';

const platform = {
  spfInclude: 'spf.herald.test',
  returnPathHost: 'bounces.herald.test',
  trackingHost: 't.herald.test',
};
const records = senderDnsRecords(
  'news.example',
  { rsa: { selector: 'herald202612', publicKey: 'AAAA' }, ed25519: null },
  platform,
);
const published: Record<string, Record<string, string[][] | string[]>> = {
  'herald202612._domainkey.news.example': { TXT: [['v=DKIM1; k=rsa; ', 'p=AA', 'AA']] },
  'news.example': { TXT: [['v=spf1 mx include:spf.herald.test ~all'], ['google-site-verification=x']] },
  '_dmarc.news.example': { TXT: [['v=DMARC1; p=quarantine']] },
  'bounces.news.example': { CNAME: ['bounces.herald.test'] },
  'links.news.example': { CNAME: ['t.herald.test.'] },
};
const resolverOf =
  (zone: typeof published): DnsResolver =>
  async (name, type) => {
    const answer = zone[name]?.[type];
    if (!answer) throw Object.assign(new Error('no such record'), { code: zone[name] ? 'ENODATA' : 'ENOTFOUND' });
    return answer;
  };
const without = (name: string, change?: Record<string, string[][] | string[]>) => {
  const zone = { ...published };
  if (change) zone[name] = change;
  else delete zone[name];
  return zone;
};

describe('verifySenderDnsRecords', () => {
  it('finds every record published as shown (TXT strings joined, trailing dots ignored)', async () => {
    const verification = await verifySenderDnsRecords(records, resolverOf(published));
    expect(verification.map((v) => [v.purpose, v.state])).toEqual([
      ['dkim', 'found'],
      ['spf', 'found'],
      ['dmarc', 'found'],
      ['return-path', 'found'],
      ['tracking', 'found'],
    ]);
    expect(verification[2]!.detail).toBe('policy p=quarantine');
    expect(senderDomainVerified(records, verification)).toBe(true);
  });

  it.each([
    ['dkim', without('herald202612._domainkey.news.example'), 'missing'],
    ['dkim', without('herald202612._domainkey.news.example', { TXT: [['v=DKIM1; p=BBBB']] }), 'different'],
    ['spf', without('news.example', { TXT: [['v=spf1 include:other.example -all']] }), 'different'],
    ['spf', without('news.example', { TXT: [['v=spf1 include:spf.herald.test'], ['v=spf1 -all']] }), 'different'],
    ['spf', without('news.example', { TXT: [['something else']] }), 'missing'],
    ['dmarc', without('_dmarc.news.example'), 'missing'],
  ] as const)('a %s record that is %#: %s, and the domain not verified', async (purpose, zone, state) => {
    const verification = await verifySenderDnsRecords(records, resolverOf(zone));
    expect(verification.filter((v) => v.state !== 'found')).toEqual([expect.objectContaining({ purpose, state })]);
    expect(senderDomainVerified(records, verification)).toBe(false);
  });

  it('a missing CNAME is reported but the domain stays verified (recommended, not required)', async () => {
    const verification = await verifySenderDnsRecords(records, resolverOf(without('links.news.example')));
    expect(verification.find((v) => v.purpose === 'tracking')?.state).toBe('missing');
    expect(senderDomainVerified(records, verification)).toBe(true);
  });

  it('a failing lookup is unchecked, not missing', async () => {
    const failing: DnsResolver = async () => {
      throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' });
    };
    const verification = await verifySenderDnsRecords(records, failing);
    expect(verification.every((v) => v.state === 'unchecked' && v.detail?.includes('ETIMEOUT'))).toBe(true);
  });
});
