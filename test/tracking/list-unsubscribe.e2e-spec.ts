import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtMail, sendMailing, startE2eStack, type CaughtMail, type E2eStack } from '../support/e2e';

/**
 * RFC 8058: the List-Unsubscribe header's HTTPS URL unsubscribes on POST only. Mail security scanners
 * fetch every URL of a message with GET, so a GET there must change nothing; a person who follows it
 * gets a page whose button posts back. A test mail's unsubscribe link says it was a test.
 */
describe('the List-Unsubscribe URL and the test mail unsubscribe page', () => {
  let stack: E2eStack;
  let mail: CaughtMail;
  let documentId: number;
  let profileId: number;

  const headerUrl = (who: string): string => /<(http[^>]+)>/.exec(mail.message(who).headers['list-unsubscribe']!)![1]!;
  const unsubscribedAt = async (who: string) =>
    (
      await stack.prisma.profile.findFirstOrThrow({
        where: { email: `${who}@example.test` },
        select: { unsubscribedAt: true },
      })
    ).unsubscribedAt;

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    const { accountId } = stack;
    const databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await stack.prisma.profile.createMany({
      data: ['scanned', 'clicker', 'mailer'].map((name) => ({ accountId, databaseId, email: `${name}@example.test` })),
    });
    profileId = (await stack.prisma.profile.findFirstOrThrow({ where: { email: 'scanned@example.test' } })).id;
    ({ documentId } = await sendMailing(stack, {
      target: { databaseId },
      document: { html: '<html><body><p>Hello</p><a href="{{ unsubscribe }}">Unsubscribe</a></body></html>' },
    }));
    mail = await caughtMail(stack.catcher);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('points the header at a URL of its own, apart from the document link', () => {
    expect(headerUrl('scanned')).toMatch(/\/t\/l\/[A-Za-z0-9_-]+$/);
  });

  it('changes nothing on GET or HEAD, and answers a page whose button posts back', async () => {
    for (const method of ['GET', 'HEAD', 'GET']) {
      const res = await fetch(headerUrl('scanned'), { method, redirect: 'manual' });
      expect(res.status).toBe(200);
      if (method === 'GET') {
        const page = await res.text();
        expect(page).toContain('<form method="post">');
        expect(page).toContain('Unsubscribe');
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      }
    }
    expect(await unsubscribedAt('scanned')).toBeNull();
  });

  it("unsubscribes on the mail client's one-click POST (200, no redirect) and on the page's button", async () => {
    const oneClick = await fetch(headerUrl('mailer'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(oneClick.status).toBe(200);
    expect(await unsubscribedAt('mailer')).not.toBeNull();

    const button = await fetch(headerUrl('clicker'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(button.status).toBe(200);
    expect(await button.text()).toContain('You have been unsubscribed');
    expect(await unsubscribedAt('clicker')).not.toBeNull();
  });

  it('a forged or foreign token on the header URL is a 404 and changes nothing', async () => {
    const url = headerUrl('scanned');
    const token = url.slice(url.lastIndexOf('/') + 1);
    const forged = url.slice(0, url.lastIndexOf('/') + 1) + (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect((await fetch(forged, { method: 'POST', redirect: 'manual' })).status).toBe(404);
    expect((await fetch(forged, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${stack.api.url}/t/l/${'x'.repeat(5_000)}`, { method: 'POST' })).status).toBe(404);
    expect(await unsubscribedAt('scanned')).toBeNull();
  });

  it("a test mail's unsubscribe link says it was a test and unsubscribes no one", async () => {
    stack.catcher.clear();
    const sent = await stack.api.request('POST', `/documents/${documentId}/test-mail`, {
      token: stack.token,
      body: { profileIds: [profileId], to: ['tester@example.test'] },
    });
    expect(sent.status).toBe(200);
    const test = await caughtMail(stack.catcher);
    const links = test.links('tester').filter((link) => /\/t\/u\//.test(link));
    expect(links).toHaveLength(1);
    for (const method of ['GET', 'POST']) {
      const res = await fetch(links[0]!, { method, redirect: 'manual' });
      expect(res.status, method).toBe(200);
      expect(await res.text()).toContain('This was a test message');
    }
    expect(await unsubscribedAt('scanned')).toBeNull();
  });
});
