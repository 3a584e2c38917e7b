import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingCheckResponse, MailingResponse, ScheduleResponse, SenderDomainResponse } from '@herald/contracts';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server';
import { acknowledgeWarnings, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

const DOMAIN = 'news.example';
const BOUNCE_DOMAIN = 'bounces.herald.test';
const SPF_INCLUDE = 'spf.herald.test';
const SENDING_IP = '127.0.0.1';
const HTML =
  '<html><body><p>Dear reader,</p><p>The news.</p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p></body></html>';
/** The codes of the sender checks (packages/checks/src/sender-checks.ts). */
const SENDER_CODE =
  /^(invalid-from-address|sender-domain-|(dkim|dkim-ed25519|spf|dmarc|return-path|tracking)-record-|(dkim|spf|dmarc)-not-passing|sending-ip-|invalid-reply-to|reply-to-|list-unsubscribe-)/;

type ErrorBody = { message: string; issues: { path: string; message: string }[] };

/**
 * A DNS relay in front of the local DNS server that can fall silent: a DNS server that does not answer,
 * without a second stack.
 */
async function startRelay(upstreamPort: number) {
  const socket: Socket = createSocket('udp4');
  const clients = new Map<number, RemoteInfo>();
  const relay = { server: '', silent: false, close: () => socket.close() };
  socket.on('message', (message, from) => {
    if (from.port === upstreamPort) {
      const client = clients.get(message.readUInt16BE(0));
      if (client) socket.send(message, client.port, client.address);
    } else if (!relay.silent) {
      clients.set(message.readUInt16BE(0), from);
      socket.send(message, upstreamPort, '127.0.0.1');
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  relay.server = `127.0.0.1:${socket.address().port}`;
  return relay;
}

/**
 * A stack whose account has news.example as a verified sender domain, every record published on a local
 * DNS server (behind a relay that can fall silent), SENDING_IP listed in the platform's SPF record, and a
 * database of one profile.
 */
async function startSenderStack(options: { worker: boolean }) {
  const dns = await startDnsServer();
  const relay = await startRelay(Number(dns.server.split(':')[1]));
  // The platform's SPF lists the sending address; the bounce domain (the return path's) includes it.
  dns.zone.set(SPF_INCLUDE, { TXT: [`v=spf1 ip4:${SENDING_IP} -all`] });
  dns.zone.set(BOUNCE_DOMAIN, { TXT: [`v=spf1 include:${SPF_INCLUDE} -all`], A: ['127.0.0.1'] });
  const stack = await startE2eStack({
    role: 'ADMIN',
    worker: options.worker,
    catcher: options.worker ? undefined : false,
    config: {
      DNS_SERVERS: relay.server,
      SPF_INCLUDE,
      BOUNCE_DOMAIN,
      SENDING_IP,
      // https as in production, which RFC 8058's one-click header needs.
      PUBLIC_URL: 'https://herald.test',
    },
  });
  const added = await stack.api.request<SenderDomainResponse>('POST', '/sender-domains', {
    token: stack.token,
    body: { domain: DOMAIN, ed25519: true },
  });
  expect(added.status).toBe(201);
  const domain = added.body;
  for (const record of domain.records) {
    const entry = dns.zone.get(record.name) ?? {};
    if (record.type === 'TXT') entry.TXT = [...(entry.TXT ?? []), record.value];
    else entry.CNAME = record.value;
    dns.zone.set(record.name, entry);
  }
  // A mail server for replies to the From address.
  dns.zone.get(DOMAIN)!.A = ['192.0.2.1'];
  const verified = await stack.api.request<SenderDomainResponse>('POST', `/sender-domains/${domain.id}/verify`, {
    token: stack.token,
  });
  expect(verified.body.verifiedAt).not.toBeNull();
  const databaseId = (await stack.prisma.database.create({ data: { accountId: stack.accountId, name: 'Customers' } }))
    .id;
  await stack.prisma.profile.create({
    data: { accountId: stack.accountId, databaseId, email: 'anna@example.test', values: {} },
  });
  return { dns, relay, stack, domain, databaseId };
}

/** The sending IP as a DNS blocklist is asked about it. */
const BLOCKLISTED_NAME = `${SENDING_IP.split('.').reverse().join('.')}.zen.spamhaus.org`;

/**
 * The sender checks in the issue checker (issue 17): a mailing from a verified, published sender domain
 * has no sender findings; each broken piece of the set-up shows up in POST /mailings/:id/check and holds
 * the send. DNS comes from a local server only.
 */
describe('the sender checks of POST /mailings/:id/check and the send', () => {
  let dns: LocalDnsServer;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let stack: E2eStack;
  let domain: SenderDomainResponse;
  let databaseId: number;

  const check = (id: number, token = stack.token) =>
    stack.api.request<MailingCheckResponse & ErrorBody>('POST', `/mailings/${id}/check`, { token });
  const send = (id: number) =>
    stack.api.request<MailingResponse & ErrorBody>('POST', `/mailings/${id}/send`, { token: stack.token });
  const senderFindings = (body: MailingCheckResponse) => body.findings.filter((f) => SENDER_CODE.test(f.code));
  const draft = async (document: Record<string, unknown> = {}) => {
    const doc = await stack.api.request<{ id: number }>('POST', '/documents', {
      token: stack.token,
      body: { name: 'News', fromAddress: `nieuws@${DOMAIN}`, subject: 'The news', html: HTML, ...document },
    });
    expect(doc.status).toBe(201);
    const mailing = await stack.api.request<MailingResponse>('POST', '/mailings', {
      token: stack.token,
      body: { name: 'News', documentId: doc.body.id, targetType: 'DATABASE', databaseId },
    });
    expect(mailing.status).toBe(201);
    return mailing.body.id;
  };
  const dkimRecords = () => domain.records.filter((r) => r.purpose === 'dkim' || r.purpose === 'dkim-ed25519');
  const setDkimPublished = (published: boolean) => {
    for (const record of dkimRecords()) dns.zone.set(record.name, published ? { TXT: [record.value] } : {});
  };

  beforeAll(async () => {
    ({ dns, relay, stack, domain, databaseId } = await startSenderStack({ worker: false }));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    relay?.close();
    await dns?.close();
  });

  it('finds nothing about the sender of a mailing from a verified, published domain, and lets it go', async () => {
    const id = await draft();
    const result = await check(id);
    expect(result.status).toBe(200);
    expect(senderFindings(result.body)).toEqual([]);
    await acknowledgeWarnings(stack.api, stack.token, id);
    expect((await send(id)).status).toBe(202);
  });

  it('without the DKIM records, warns of each and holds the send until they are acknowledged', async () => {
    setDkimPublished(false);
    try {
      const id = await draft();
      const result = await check(id);
      const codes = senderFindings(result.body).map((f) => `${f.severity} ${f.code}`);
      // SPF passes for the return path at Herald's bounce domain, which DMARC does not align with news.example.
      expect(codes).toEqual(['warning dkim-record-missing', 'warning dkim-not-passing', 'warning dmarc-not-passing']);
      expect(result.body.blocking).toBe(true);
      // Everything else acknowledged, the sender's two warnings still hold the send.
      const others = result.body.findings.filter((f) => f.severity === 'warning' && !SENDER_CODE.test(f.code));
      if (others.length > 0)
        await stack.api.request('POST', `/mailings/${id}/check/acknowledgements`, {
          token: stack.token,
          body: { keys: others.map((f) => f.key) },
        });
      const refused = await send(id);
      expect(refused.status).toBe(409);
      expect(refused.body.issues.map((issue) => issue.message.split(':')[0])).toEqual([
        'dkim-record-missing (not acknowledged)',
        'dkim-not-passing (not acknowledged)',
        'dmarc-not-passing (not acknowledged)',
      ]);
      // Acknowledged once, the same warnings hold no longer, even when DNS now answers otherwise (a revoked
      // key instead of none): the record's warning is the same one, its key names no state.
      await acknowledgeWarnings(stack.api, stack.token, id);
      const rsa = dkimRecords().find((r) => r.purpose === 'dkim')!;
      dns.zone.set(rsa.name, { TXT: ['v=DKIM1; k=rsa; p='] });
      const again = await check(id);
      expect(senderFindings(again.body).map((f) => f.code)).toContain('dkim-record-different');
      expect(again.body.blocking).toBe(false);
      expect((await send(id)).status).toBe(202);
    } finally {
      setDkimPublished(true);
    }
  });

  it('an invalid reply-to is an error that acknowledging does not lift', async () => {
    // The editor refuses a literal invalid address; a personalised one can still render to one. No message
    // can be composed with it, so the document checks report it (template-error at replyTo), not the sender's.
    const id = await draft({ replyTo: 'replies {{ firstname }}' });
    const result = await check(id);
    expect(result.status).toBe(200);
    const errors = result.body.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.where.part)).toContain('replyTo');
    await acknowledgeWarnings(stack.api, stack.token, id);
    const refused = await send(id);
    expect(refused.status).toBe(409);
    expect(refused.body.issues.some((issue) => issue.path.startsWith('replyTo'))).toBe(true);
  });

  it('a sending IP on a blocklist is an error, and the send is refused', async () => {
    const listed = BLOCKLISTED_NAME;
    dns.zone.set(listed, { A: ['127.0.0.2'] });
    try {
      const id = await draft();
      const result = await check(id);
      expect(senderFindings(result.body).map((f) => `${f.severity} ${f.code}`)).toEqual([
        'error sending-ip-blocklisted',
      ]);
      await acknowledgeWarnings(stack.api, stack.token, id);
      const refused = await send(id);
      expect(refused.status).toBe(409);
      expect(refused.body.issues.map((issue) => issue.message.split(':')[0])).toEqual(['sending-ip-blocklisted']);
    } finally {
      dns.zone.delete(listed);
    }
  });

  it('answers 404 for another account’s mailing', async () => {
    const id = await draft();
    const stranger = await stack.userToken('ADMIN', await stack.newAccount());
    const result = await check(id, stranger);
    expect(result.status).toBe(404);
  });

  it('with a DNS server that does not answer, warns "could not be checked" within a few seconds, never a 500', async () => {
    const id = await draft();
    relay.silent = true;
    try {
      const started = Date.now();
      const result = await check(id);
      const elapsed = Date.now() - started;
      expect(result.status).toBe(200);
      expect(elapsed).toBeLessThan(4_000);
      const findings = senderFindings(result.body);
      expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(findings.map((f) => f.code)).toEqual(
        expect.arrayContaining(['dkim-record-unchecked', 'spf-record-unchecked', 'dmarc-record-unchecked']),
      );
      expect(findings.find((f) => f.code === 'dkim-record-unchecked')?.message).toContain('could not be checked');
    } finally {
      relay.silent = false;
    }
  });
});

// The worker's pre-send checks of a scheduled run take the same sender checks (checkMailingSender).
describe('the sender checks of a scheduled run', () => {
  let dns: LocalDnsServer;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let stack: E2eStack;
  let databaseId: number;

  beforeAll(async () => {
    ({ dns, relay, stack, databaseId } = await startSenderStack({ worker: true }));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    relay?.close();
    await dns?.close();
  });

  it('skips a run whose sending IP was blocklisted after the schedule was activated, saying why', async () => {
    const { api, token } = stack;
    const doc = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name: 'Weekly', fromAddress: `nieuws@${DOMAIN}`, subject: 'Weekly news', html: HTML },
    });
    const mailing = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name: 'Weekly', documentId: doc.body.id, targetType: 'DATABASE', databaseId },
    });
    await acknowledgeWarnings(api, token, mailing.body.id);
    const created = await api.request<ScheduleResponse>('POST', `/mailings/${mailing.body.id}/schedule`, {
      token,
      body: { recurrence: { kind: 'ONCE' }, startAt: new Date(Date.now() + 3_000).toISOString(), timezone: 'UTC' },
    });
    expect(created.status).toBe(201);
    dns.zone.set(BLOCKLISTED_NAME, { A: ['127.0.0.2'] });
    const { runs } = await waitFor(
      async () => (await api.request<ScheduleResponse>('GET', `/mailings/${mailing.body.id}/schedule`, { token })).body,
      (s) => s.runs.length >= 1,
      { timeoutMs: 30_000, what: 'the run of the schedule' },
    );
    expect(runs[0]).toMatchObject({ status: 'SKIPPED', mailingId: null });
    expect(runs[0]!.reason).toMatch(
      /^blocked by the pre-send checks: The sending address 127\.0\.0\.1 is listed on zen\.spamhaus\.org/,
    );
  });
});
