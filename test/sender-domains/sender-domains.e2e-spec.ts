import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderDomainResponse } from '@herald/contracts';
import { SecretBox, dkimKeyContext } from '@herald/domain';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import type { HeraldConfig } from '@herald/config';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server';
import { createAccount, createUser } from '../support/factories';

type ErrorBody = { message: string };

/** What an account publishes in DNS when it follows the records Herald shows. */
function publish(dns: LocalDnsServer, domain: SenderDomainResponse): void {
  for (const record of domain.records) {
    const entry = dns.zone.get(record.name) ?? {};
    if (record.type === 'TXT') entry.TXT = [...(entry.TXT ?? []), record.value];
    else entry.CNAME = record.value;
    dns.zone.set(record.name, entry);
  }
}

describe('sender domains (issue 17)', () => {
  let db: TestDatabase;
  let dns: LocalDnsServer;
  let config: HeraldConfig;
  let api: RunningApi;
  let accountId: number;
  let admin: string;
  let marketer: string;
  let otherAdmin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dns = await startDnsServer();
    config = testConfig(db.url, { DNS_SERVERS: dns.server, SPF_INCLUDE: 'spf.herald.test' });
    accountId = (await createAccount(db.prisma)).id;
    const other = (await createAccount(db.prisma)).id;
    const users = {
      admin: await createUser(db.prisma, accountId, 'ADMIN'),
      marketer: await createUser(db.prisma, accountId, 'MARKETER'),
      otherAdmin: await createUser(db.prisma, other, 'ADMIN'),
    };
    api = await startApi(config);
    admin = await api.login(users.admin.email, users.admin.password);
    marketer = await api.login(users.marketer.email, users.marketer.password);
    otherAdmin = await api.login(users.otherAdmin.email, users.otherAdmin.password);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await dns?.close();
    await db?.drop();
  });

  const add = (token: string, body: unknown) =>
    api.request<SenderDomainResponse & ErrorBody>('POST', '/sender-domains', { token, body });

  it('adds a domain with a 2048-bit RSA key and an Ed25519 key, sealed at rest, and shows the records to publish', async () => {
    const res = await add(admin, { domain: ' News.Example. ', ed25519: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ domain: 'news.example', displayName: 'news.example', verifiedAt: null });
    const selector = res.body.dkimSelector;
    expect(selector).toMatch(/^herald\d{6}$/);
    expect(res.body.records.map((r) => [r.purpose, r.type, r.name, r.required, r.state])).toEqual([
      ['dkim', 'TXT', `${selector}._domainkey.news.example`, true, 'unchecked'],
      ['dkim-ed25519', 'TXT', `${selector}e._domainkey.news.example`, false, 'unchecked'],
      ['spf', 'TXT', 'news.example', true, 'unchecked'],
      ['dmarc', 'TXT', '_dmarc.news.example', true, 'unchecked'],
      ['return-path', 'CNAME', 'bounces.news.example', false, 'unchecked'],
      ['tracking', 'CNAME', 'links.news.example', false, 'unchecked'],
    ]);
    expect(res.body.records[2]!.value).toBe('v=spf1 include:spf.herald.test ~all');
    expect(res.body.records[4]!.value).toBe(config.BOUNCE_DOMAIN);

    const row = await db.prisma.senderDomain.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.dkimPrivateKey).toMatch(/^v1:/);
    expect(row.dkimPrivateKey).not.toContain('PRIVATE KEY');
    const pem = SecretBox.fromSecretsKey(config.SECRETS_KEY).open(
      row.dkimPrivateKey,
      dkimKeyContext(accountId, 'news.example', selector),
    );
    const { createPrivateKey } = await import('node:crypto');
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE');
  });

  it('takes an internationalised name and stores it in punycode', async () => {
    const res = await add(admin, { domain: 'Bücher.example' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ domain: 'xn--bcher-kva.example', displayName: 'bücher.example' });
    expect(res.body.records[0]!.name).toMatch(/\._domainkey\.xn--bcher-kva\.example$/);
    expect((await add(admin, { domain: 'xn--bcher-kva.example' })).status).toBe(409);
  });

  it.each([
    [{ domain: 'news@news.example' }, 'not a bare domain name'],
    [{ domain: 'https://news.example/' }, 'not a bare domain name'],
    [{ domain: 'localhost' }, 'no top-level domain'],
    [{ domain: '127.0.0.1' }, 'IP address'],
    [{ domain: '-bad.example' }, 'not a valid label'],
    [{ domain: `${'a'.repeat(64)}.example` }, 'not a valid label'],
    [{ domain: `${'a.'.repeat(130)}example` }, '253'],
    [{ domain: '' }, 'domain'],
    [{}, 'domain'],
    [{ domain: 'news.example', ed25519: 'yes' }, 'ed25519'],
    [{ domain: 'news.example', extra: 1 }, 'extra'],
  ])('refuses %j with 400 saying what is wrong', async (body, message) => {
    const res = await add(admin, body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(message);
  });

  it('refuses a domain added twice (409) and oversized input (400 or 413)', async () => {
    expect((await add(admin, { domain: 'news.example' })).status).toBe(409);
    expect([400, 413]).toContain((await add(admin, { domain: 'a'.repeat(6 * 1024 * 1024) })).status);
  });

  it('lets a marketer read but not write; another account sees none of it (404)', async () => {
    const list = await api.request<SenderDomainResponse[]>('GET', '/sender-domains', { token: marketer });
    expect(list.status).toBe(200);
    expect(list.body.map((d) => d.domain)).toEqual(['news.example', 'xn--bcher-kva.example']);
    const id = list.body[0]!.id;
    expect((await api.request('GET', `/sender-domains/${id}`, { token: marketer })).status).toBe(200);
    expect((await add(marketer, { domain: 'other.example' })).status).toBe(403);
    expect((await api.request('POST', `/sender-domains/${id}/verify`, { token: marketer })).status).toBe(403);
    expect((await api.request('DELETE', `/sender-domains/${id}`, { token: marketer })).status).toBe(403);

    expect((await api.request<unknown[]>('GET', '/sender-domains', { token: otherAdmin })).body).toEqual([]);
    for (const [method, path] of [
      ['GET', `/sender-domains/${id}`],
      ['POST', `/sender-domains/${id}/verify`],
      ['DELETE', `/sender-domains/${id}`],
    ] as const)
      expect((await api.request(method, path, { token: otherAdmin })).status, `${method} ${path}`).toBe(404);
    expect((await api.request('GET', '/sender-domains/abc', { token: admin })).status).toBe(400);
    expect((await api.request('GET', '/sender-domains/99999999999', { token: admin })).status).toBe(400);
  });

  it('verifies against DNS: each missing record reported, verified once DKIM, SPF and DMARC are published', async () => {
    const list = await api.request<SenderDomainResponse[]>('GET', '/sender-domains', { token: admin });
    const domain = list.body.find((d) => d.domain === 'news.example')!;
    const verify = () =>
      api.request<SenderDomainResponse>('POST', `/sender-domains/${domain.id}/verify`, { token: admin });

    const before = await verify();
    expect(before.status).toBe(200);
    expect(before.body.verifiedAt).toBeNull();
    expect(before.body.records.map((r) => r.state)).toEqual(Array(6).fill('missing'));

    publish(dns, domain);
    const after = await verify();
    expect(after.body.records.map((r) => [r.purpose, r.state])).toEqual(
      domain.records.map((r) => [r.purpose, 'found']),
    );
    expect(after.body.verifiedAt).not.toBeNull();
    expect(after.body.checkedAt).not.toBeNull();

    // A key replaced by someone else's: different, and no longer verified.
    const dkimName = domain.records[0]!.name;
    dns.zone.set(dkimName, { TXT: ['v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnot-this-one'] });
    const changed = await verify();
    expect(changed.body.records[0]).toMatchObject({ purpose: 'dkim', state: 'different' });
    expect(changed.body.verifiedAt).toBeNull();
    const shown = await api.request<SenderDomainResponse>('GET', `/sender-domains/${domain.id}`, { token: marketer });
    expect(shown.body.records[0]!.state).toBe('different');
  });

  it('deletes a domain (204), after which it is gone (404)', async () => {
    const res = await add(admin, { domain: 'gone.example' });
    expect((await api.request('DELETE', `/sender-domains/${res.body.id}`, { token: admin })).status).toBe(204);
    expect((await api.request('GET', `/sender-domains/${res.body.id}`, { token: admin })).status).toBe(404);
    expect((await api.request('DELETE', `/sender-domains/${res.body.id}`, { token: admin })).status).toBe(404);
  });
});
