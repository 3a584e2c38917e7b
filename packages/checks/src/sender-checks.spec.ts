import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { senderDnsRecords } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import type { DnsResolver } from './dns';
import { checkSender, type SenderCheckInput } from './sender-checks';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const records = senderDnsRecords(
  'news.example',
  {
    rsa: { selector: 'herald202612', publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') },
    ed25519: null,
  },
  { spfInclude: 'spf.herald.test', returnPathHost: 'bounces.herald.test', trackingHost: 'herald.test' },
);
type Zone = Record<string, Record<string, string[]>>;
const cleanZone = (): Zone => {
  const zone: Zone = {
    'spf.herald.test': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
    'bounces.herald.test': { TXT: ['v=spf1 include:spf.herald.test -all'], MX: ['in.herald.test'] },
  };
  for (const record of records.filter((r) => r.required)) (zone[record.name] ??= {})[record.type] = [record.value];
  zone['news.example']!.MX = ['mx.news.example'];
  return zone;
};
const resolverOf =
  (zone: Zone): DnsResolver =>
  async (name, type) => {
    const values = zone[name]?.[type];
    if (!values) throw Object.assign(new Error(`no ${type}`), { code: zone[name] ? 'ENODATA' : 'ENOTFOUND' });
    return type === 'TXT'
      ? values.map((v) => [v])
      : type === 'MX'
        ? (values.map((exchange) => ({ exchange, priority: 10 })) as never)
        : values;
  };

async function sampleMessage(options: { from?: string; sign?: boolean; unsubscribe?: boolean } = {}): Promise<Buffer> {
  const from = options.from ?? 'news@news.example';
  const headers = [
    `From: Herald <${from}>`,
    'To: anna@example.test',
    'Subject: Hello Anna',
    'Date: Fri, 04 Dec 2026 10:00:00 +0000',
    'Message-ID: <m1.d2@bounces.herald.test>',
    ...(options.unsubscribe === false
      ? []
      : [
          'List-Unsubscribe: <https://herald.test/u/abc>, <mailto:u-2@bounces.herald.test>',
          'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
        ]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  const message = Buffer.from(`${headers.join('\r\n')}\r\n\r\nDear Anna,\r\nthe news.\r\n`);
  if (options.sign === false) return message;
  const domain = from.split('@')[1]!;
  const key = {
    signingDomain: domain,
    selector: 'herald202612',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    canonicalization: 'relaxed/relaxed',
  };
  const { signatures } = await dkimSign(message, {
    ...key,
    signatureData: [key],
    // As Herald signs (packages/channels): the one-click header too, which mailauth's default list lacks.
    // mailauth reads a colon-separated string here, though its types say an array.
    headerList: 'from:to:subject:date:message-id:list-unsubscribe:list-unsubscribe-post' as unknown as string[],
  });
  return Buffer.concat([Buffer.from(signatures), message]);
}

const input = async (overrides: Partial<SenderCheckInput> = {}, message?: Buffer): Promise<SenderCheckInput> => ({
  fromAddress: 'news@news.example',
  replyTo: null,
  senderDomains: [{ domain: 'news.example', verified: true, records }],
  message: message ?? (await sampleMessage()),
  envelopeFrom: 'b-2-xyz@bounces.herald.test',
  sendingIp: '192.0.2.10',
  helo: 'mta.herald.test',
  ...overrides,
});
const codes = async (overrides: Partial<SenderCheckInput> = {}, zone = cleanZone(), message?: Buffer) =>
  (await checkSender(await input(overrides, message), resolverOf(zone))).map((f) => `${f.severity} ${f.code}`);

describe('checkSender', () => {
  it('passes a verified domain whose records are published and whose signed sample passes DKIM, SPF and DMARC', async () => {
    expect(await codes()).toEqual([]);
  });

  it('an invalid From address is an error, and nothing else is checked against it', async () => {
    expect(await codes({ fromAddress: 'news@@news' })).toEqual(['error invalid-from-address']);
  });

  it('a From domain that is no sender domain of the account, or not verified, is a warning', async () => {
    expect(await codes({ senderDomains: [] })).toEqual(['warning sender-domain-unknown']);
    expect(await codes({ senderDomains: [{ domain: 'news.example', verified: false, records }] })).toEqual([
      'warning sender-domain-unverified',
    ]);
  });

  it.each([
    [
      'herald202612._domainkey.news.example',
      ['warning dkim-record-missing', 'warning dkim-not-passing', 'warning dmarc-not-passing'],
    ],
    ['_dmarc.news.example', ['warning dmarc-record-missing', 'warning dmarc-not-passing']],
  ])('reports the record at %s removed, and what fails because of it', async (name, expected) => {
    const zone = cleanZone();
    delete zone[name];
    expect(await codes({}, zone)).toEqual(expected);
  });

  it('reports an SPF record without Herald’s include, and SPF failing for an unlisted sending IP', async () => {
    const zone = cleanZone();
    zone['news.example']!.TXT = ['v=spf1 -all'];
    expect(await codes({}, zone)).toEqual(['warning spf-record-different']);
    expect(await codes({ sendingIp: '198.51.100.7' })).toEqual(['warning spf-not-passing']);
  });

  it('an unsigned sample fails DKIM (and so DMARC, SPF not being aligned)', async () => {
    expect(await codes({}, cleanZone(), await sampleMessage({ sign: false }))).toEqual([
      'warning dkim-not-passing',
      'warning dmarc-not-passing',
      'warning list-unsubscribe-not-signed',
    ]);
  });

  it('says an unsigned sample is not signed, rather than naming a signature that is not there', async () => {
    const findings = await checkSender(await input({}, await sampleMessage({ sign: false })), resolverOf(cleanZone()));
    expect(findings.find((f) => f.code === 'dkim-not-passing')?.message).toBe(
      'Messages of this mailing are not signed with DKIM',
    );
  });

  it('blocks a sending IP on a blocklist, ignoring a blocklist’s error answers', async () => {
    const zone = cleanZone();
    zone['10.2.0.192.zen.spamhaus.org'] = { A: ['127.0.0.2'] };
    zone['10.2.0.192.bl.spamcop.net'] = { A: ['127.255.255.254'] };
    expect(await codes({}, zone)).toEqual(['error sending-ip-blocklisted']);
  });

  it('checks that replies can arrive: a valid reply-to at a domain with a mail server', async () => {
    expect(await codes({ replyTo: 'reply@news.example' })).toEqual([]);
    expect(await codes({ replyTo: 'not an address' })).toEqual(['error invalid-reply-to']);
    expect(await codes({ replyTo: 'reply@nowhere.example' })).toEqual(['warning reply-to-unreachable']);
    const zone = cleanZone();
    delete zone['news.example']!.MX;
    expect(await codes({}, zone)).toEqual(['warning reply-to-unreachable']);
  });

  it('wants both List-Unsubscribe headers', async () => {
    expect(await codes({}, cleanZone(), await sampleMessage({ unsubscribe: false }))).toEqual([
      'warning list-unsubscribe-missing',
      'warning list-unsubscribe-post-missing',
    ]);
  });

  it('without the sending IP, neither SPF nor the blocklists are looked at, and one note says so', async () => {
    const zone = cleanZone();
    zone['10.2.0.192.zen.spamhaus.org'] = { A: ['127.0.0.2'] };
    // The SPF record lists 192.0.2.10 only: with any other address SPF would fail.
    const looked: string[] = [];
    const resolve: DnsResolver = (name, type) => {
      looked.push(name);
      return resolverOf(zone)(name, type);
    };
    const findings = await checkSender(await input({ sendingIp: null }), resolve);
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['info sending-ip-unknown']);
    expect(findings[0]!.message).toContain('SPF and the DNS blocklists were not checked');
    expect(findings[0]!.fix).toContain('SENDING_IP');
    expect(looked.filter((name) => name.endsWith('.zen.spamhaus.org'))).toEqual([]);
    // DMARC still passes on the aligned DKIM signature alone; an unsigned sample fails it.
    expect(await codes({ sendingIp: null }, cleanZone(), await sampleMessage({ sign: false }))).toEqual([
      'warning dkim-not-passing',
      'warning dmarc-not-passing',
      'warning list-unsubscribe-not-signed',
      'info sending-ip-unknown',
    ]);
  });

  it('a DNS server that does not answer gives "could not be checked" warnings, not an error', async () => {
    const silent: DnsResolver = () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }));
    const findings = await checkSender(await input({ sendingIp: null }), silent);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        'dkim-record-unchecked',
        'spf-record-unchecked',
        'dmarc-record-unchecked',
        'dkim-not-passing',
        'dmarc-not-passing',
      ]),
    );
    expect(findings.find((f) => f.code === 'dkim-record-unchecked')!.message).toContain('could not be checked');
    expect(findings.find((f) => f.code === 'dkim-not-passing')!.message).toContain('could not be checked');
    expect(findings.find((f) => f.code === 'dmarc-not-passing')!.message).toContain('could not be checked');
  });
});
