import { generateKeyPairSync } from 'node:crypto';
import { authenticate } from 'mailauth';
import { describe, expect, it } from 'vitest';
import type { DnsResolver } from '@herald/checks';
import { dkimPrivateKey, senderDnsRecords } from '@herald/domain';
import type { ChannelContent } from '../channel-port';
import { composeSampleEmail } from './email-message';
import { checkMailingSender, SAMPLE_DESTINATION_ID, type SenderCheckEnvironment } from './sender-check';

const PLATFORM = { spfInclude: 'spf.herald.test', returnPathHost: 'bounces.herald.test', trackingHost: 'herald.test' };
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = {
  rsa: {
    selector: 'herald202612',
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  },
};
const records = senderDnsRecords('news.example', { rsa: keys.rsa, ed25519: null }, PLATFORM);

/** The account's published records, the platform's SPF listing 192.0.2.10, a mail server for replies. */
const zone: Record<string, Record<string, string[]>> = {
  'spf.herald.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
  'bounces.herald.test': { TXT: ['v=spf1 include:spf.herald.test -all'] },
  'news.example': { MX: ['mx.news.example'] },
};
for (const record of records.filter((r) => r.required)) (zone[record.name] ??= {})[record.type] = [record.value];
const resolve: DnsResolver = async (name, type) => {
  const values = zone[name]?.[type];
  if (!values) throw Object.assign(new Error(`no ${type}`), { code: zone[name] ? 'ENODATA' : 'ENOTFOUND' });
  if (type === 'TXT') return values.map((v) => [v]);
  return type === 'MX' ? (values.map((exchange) => ({ exchange, priority: 10 })) as never) : values;
};

const environment = (overrides: Partial<SenderCheckEnvironment> = {}): SenderCheckEnvironment => ({
  publicUrl: 'https://herald.test',
  trackingSecret: 's'.repeat(32),
  bounceDomain: 'bounces.herald.test',
  senderDomainsOf: async (accountId) => (accountId === 7 ? [{ domain: 'news.example', verified: true, records }] : []),
  trackingIdOf: (mailingId, destinationId) => `${mailingId}.${destinationId}`,
  dkimKeysFor: async (accountId, domain) =>
    accountId === 7 && domain === 'news.example'
      ? [{ domain, selector: keys.rsa.selector, key: dkimPrivateKey(keys.rsa.privateKeyPem) }]
      : [],
  resolve,
  sendingIp: '192.0.2.10',
  helo: 'mta.herald.test',
  ...overrides,
});
const content = (overrides: Partial<ChannelContent> = {}): ChannelContent => ({
  fromName: 'Herald',
  fromAddress: 'news@news.example',
  replyTo: null,
  subject: 'The news, {{ firstname }}',
  html: '<p>The news.</p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p>',
  text: null,
  body: null,
  ...overrides,
});
const mailing = (overrides: Partial<ChannelContent> = {}, trackingEnabled = true) => ({
  mailingId: 12,
  accountId: 7,
  content: content(overrides),
  trackingEnabled,
});

describe('checkMailingSender', () => {
  it('finds nothing for a mailing from a verified domain whose records are published', async () => {
    expect(await checkMailingSender(mailing(), environment())).toEqual([]);
  });

  it('says once that SPF and the blocklists were skipped when the sending IP is not configured', async () => {
    const findings = await checkMailingSender(mailing(), environment({ sendingIp: null }));
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['info sending-ip-unknown']);
  });

  it('signs the sample with the account’s keys of the From domain only: another domain’s is unsigned', async () => {
    const findings = await checkMailingSender(mailing({ fromAddress: 'news@other.example' }), environment());
    expect(findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['sender-domain-unknown', 'dkim-not-passing', 'list-unsubscribe-not-signed']),
    );
  });

  it('has nothing to say of a document that does not render (the document checks report it)', async () => {
    expect(await checkMailingSender(mailing({ fromAddress: '{{ firstname }}' }), environment())).toEqual([]);
  });
});

describe('composeSampleEmail', () => {
  it('composes the message as the worker sends it: VERP return path, one-click headers, a passing signature', async () => {
    const sample = await composeSampleEmail(
      { mailingId: 12, accountId: 7, content: content(), trackingEnabled: true },
      {
        destinationId: SAMPLE_DESTINATION_ID,
        address: 'reader@example.com',
        trackingId: `12.${SAMPLE_DESTINATION_ID}`,
        profile: { id: 0, email: 'reader@example.com' },
        subprofile: null,
      },
      environment(),
    );
    expect(sample!.envelopeFrom).toMatch(/@bounces\.herald\.test$/);
    const headers = sample!.source
      .toString('utf8')
      .split('\r\n\r\n')[0]!
      .replace(/\r\n\s+/g, ' ');
    expect(headers).toMatch(
      /^List-Unsubscribe: <https:\/\/herald\.test\/[^>]+>, <mailto:[^>]+@bounces\.herald\.test>$/m,
    );
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(/^X-Herald-Mailing: 12$/m);
    const result = await authenticate(sample!.source, {
      ip: '192.0.2.10',
      helo: 'mta.herald.test',
      sender: sample!.envelopeFrom,
      resolver: resolve,
      disableArc: true,
      disableBimi: true,
    });
    expect(result.dkim.results.map((r) => [r.signingDomain, r.status.result])).toEqual([['news.example', 'pass']]);
  });
});
