import { Resolver } from 'node:dns/promises';
import { authenticate } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSender, type DnsResolver } from '@herald/checks';
import type { SenderDomainResponse } from '@herald/contracts';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server';
import { sendMailing, startE2eStack, type E2eStack } from '../support/e2e';

const DOMAIN = 'news.example';
const BOUNCE_DOMAIN = 'bounces.herald.test';
const SPF_INCLUDE = 'spf.herald.test';

/**
 * Issue 17's acceptance: a message Herald sends to the local sink verifies with mailauth (DKIM, SPF
 * and DMARC pass) against the records a local DNS server serves, as Herald showed them to publish;
 * with the records removed the sender checks report each missing one. No lookup leaves loopback.
 */
describe('DKIM, SPF and DMARC of a sent message (issue 17 acceptance)', () => {
  let dns: LocalDnsServer;
  let stack: E2eStack;
  let resolve: DnsResolver;
  let domain: SenderDomainResponse;
  let raw: Buffer;
  let envelopeFrom: string;

  beforeAll(async () => {
    dns = await startDnsServer();
    // The platform's records: its SPF lists the sending address (loopback here); the bounce domain includes it.
    dns.zone.set(SPF_INCLUDE, { TXT: ['v=spf1 ip4:127.0.0.1 -all'] });
    dns.zone.set(BOUNCE_DOMAIN, { TXT: [`v=spf1 include:${SPF_INCLUDE} -all`], A: ['127.0.0.1'] });
    stack = await startE2eStack({
      role: 'ADMIN',
      // Links are not followed here; https as in production, which RFC 8058's one-click header needs.
      config: { DNS_SERVERS: dns.server, SPF_INCLUDE, BOUNCE_DOMAIN, PUBLIC_URL: 'https://herald.test' },
    });
    const resolver = new Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([dns.server]);
    resolve = (name, type) => resolver.resolve(name, type) as unknown as Promise<string[][] | string[]>;

    const added = await stack.api.request<SenderDomainResponse>('POST', '/sender-domains', {
      token: stack.token,
      body: { domain: DOMAIN, ed25519: true },
    });
    expect(added.status).toBe(201);
    domain = added.body;
    // The account publishes what Herald showed, and a mail server for replies.
    for (const record of domain.records) {
      const entry = dns.zone.get(record.name) ?? {};
      if (record.type === 'TXT') entry.TXT = [...(entry.TXT ?? []), record.value];
      else entry.CNAME = record.value;
      dns.zone.set(record.name, entry);
    }
    dns.zone.get(DOMAIN)!.A = ['192.0.2.1'];
    const verified = await stack.api.request<SenderDomainResponse>('POST', `/sender-domains/${domain.id}/verify`, {
      token: stack.token,
    });
    expect(verified.body.verifiedAt).not.toBeNull();

    const { prisma, accountId } = stack;
    const databaseId = (await prisma.database.create({ data: { accountId, name: 'Customers' } })).id;
    await prisma.profile.create({ data: { accountId, databaseId, email: 'anna@example.test', values: {} } });
    await sendMailing(stack, {
      target: { databaseId },
      document: {
        fromName: 'Zoë van Herald',
        fromAddress: `nieuws@${DOMAIN}`,
        subject: 'Het nieuws van deze week — €10 korting',
        html: '<html><body><p>Beste lezer,</p><p>Het nieuws.</p><p><a href="{{ unsubscribe }}">Afmelden</a></p></body></html>',
      },
    });
    const [message] = stack.catcher.messages();
    raw = Buffer.from(message!.raw!, 'utf8');
    envelopeFrom = message!.envelope.from;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await dns?.close();
  });

  it('passes DKIM (RSA and Ed25519, aligned), SPF and DMARC at a receiver checking with mailauth', async () => {
    expect(envelopeFrom.endsWith(`@${BOUNCE_DOMAIN}`)).toBe(true);
    const result = await authenticate(raw, {
      ip: '127.0.0.1',
      helo: 'localhost',
      sender: envelopeFrom,
      mta: 'mx.example.test',
      resolver: resolve,
      disableArc: true,
      disableBimi: true,
    });
    expect(result.dkim.results.map((r) => [r.signingDomain, r.selector, r.status.result, r.status.aligned])).toEqual([
      [DOMAIN, domain.dkimSelector, 'pass', DOMAIN],
      [DOMAIN, domain.ed25519Selector, 'pass', DOMAIN],
    ]);
    expect(result.spf && result.spf.status.result).toBe('pass');
    expect(result.dmarc && result.dmarc.status.result).toBe('pass');
    // Once, with the one-click headers signed.
    const headers = raw.toString('utf8').slice(0, raw.indexOf('\r\n\r\n'));
    expect(headers.match(/^DKIM-Signature:/gm)).toHaveLength(2);
    expect(headers.replace(/\r\n\s+/g, ' ')).toMatch(/h=[^;]*list-unsubscribe:\s?list-unsubscribe-post/);
  });

  it('the sender checks find nothing wrong while the records are published', async () => {
    const findings = await checkSender(await senderInput(), resolve);
    expect(findings).toEqual([]);
  });

  it('with the records removed, the sender checks report each missing record', async () => {
    const required = domain.records.filter((r) => r.required);
    expect(required.map((r) => r.purpose)).toEqual(['dkim', 'spf', 'dmarc']);
    // Every TXT record Herald asked for, the Ed25519 key's too (it alone would still pass DKIM).
    for (const record of domain.records.filter((r) => r.type === 'TXT')) {
      const entry = dns.zone.get(record.name)!;
      entry.TXT = (entry.TXT ?? []).filter((value) => value !== record.value);
    }
    const findings = await checkSender(await senderInput(), resolve);
    expect(findings.map((f) => f.code)).toEqual([
      'dkim-record-missing',
      'spf-record-missing',
      'dmarc-record-missing',
      'dkim-not-passing',
      'dmarc-not-passing',
    ]);
    for (const record of required)
      expect(findings.find((f) => f.code === `${record.purpose}-record-missing`)?.fix).toContain(record.value);
    // And Herald's verification says the same.
    const verified = await stack.api.request<SenderDomainResponse>('POST', `/sender-domains/${domain.id}/verify`, {
      token: stack.token,
    });
    expect(verified.body.verifiedAt).toBeNull();
    expect(verified.body.records.filter((r) => r.required).map((r) => r.state)).toEqual([
      'missing',
      'missing',
      'missing',
    ]);
  });

  async function senderInput() {
    const row = await stack.api.request<SenderDomainResponse>('GET', `/sender-domains/${domain.id}`, {
      token: stack.token,
    });
    return {
      fromAddress: `nieuws@${DOMAIN}`,
      replyTo: null,
      senderDomains: [{ domain: DOMAIN, verified: true, records: row.body.records }],
      message: raw,
      envelopeFrom,
      sendingIp: '127.0.0.1',
      helo: 'localhost',
    };
  }
});
