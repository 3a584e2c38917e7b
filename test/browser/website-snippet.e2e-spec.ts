import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsiteReportResponse, WebsiteResponse } from '@herald/contracts';
import { signVisitToken } from '@herald/templating';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { caughtMail, sendMailing, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

// Issue 19: page views sent by a real browser running a website's snippet, through the tracking
// ingestion path (a Redis stream the worker stores from); a visit through a mailing's link is tied to
// its profile and mailing, and stays tied on the next page of the visit.
describe('website statistics from the snippet in Chromium', () => {
  let stack: E2eStack;
  let browser: Browser;
  let site: Server;
  let siteUrl: string;
  /** The same shop by the website's own domain, which Chromium resolves to it. */
  let shopUrl: string;
  let website: WebsiteResponse;
  let mailingId: number;
  let annId: number;

  const pageViews = (expected: number) =>
    waitFor(
      () => stack.prisma.pageView.findMany({ orderBy: { id: 'asc' } }),
      (rows) => rows.length >= expected,
      { what: `${expected} page views`, timeoutMs: 20_000 },
    );

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startE2eStack({ publicUrl: true });
    const created = await stack.api.request<WebsiteResponse>('POST', '/websites', {
      token: stack.token,
      body: { name: 'Shop', domain: 'Shop.Example.test' },
    });
    expect(created.status).toBe(201);
    website = created.body;
    // The shop: every page carries the snippet as the API gives it.
    site = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      res.writeHead(path === '/favicon.ico' ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>${path}</title></head><body><h1>${path}</h1>
<a href="/shoes">Shoes</a>${website.snippet}</body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    shopUrl = `http://shop.example.test:${(site.address() as AddressInfo).port}`;

    const { accountId } = stack;
    const databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Shoppers' } })).id;
    annId = (
      await stack.prisma.profile.create({ data: { accountId, databaseId, email: 'ann@example.test', values: {} } })
    ).id;
    ({ mailingId } = await sendMailing(stack, {
      name: 'Shoe sale',
      document: {
        html: `<p><a href="${siteUrl}/sale?utm_campaign=shoes&hv={% visit_token %}">Sale</a></p><p><a href="${shopUrl}/new-in">New in</a></p><a href="{{ unsubscribe }}">Unsubscribe</a>`,
      },
      target: { databaseId },
    }));
    browser = await launchChromium([`--host-resolver-rules=MAP shop.example.test 127.0.0.1`]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('gives the website a snippet with its public key, and validates', async () => {
    expect(website).toMatchObject({ domain: 'shop.example.test' });
    expect(website.snippet).toContain(`data-site="${website.publicKey}"`);
    expect(website.snippet).toContain('<noscript><img');
    const post = (body: unknown) => stack.api.request('POST', '/websites', { token: stack.token, body });
    expect((await post({ name: 'x', domain: 'not a domain' })).status).toBe(400);
    expect((await post({ name: '', domain: 'a.example' })).status).toBe(400);
    expect((await post({ name: 'x', domain: 'a.example', extra: 1 })).status).toBe(400);
    expect((await post({ name: 'x', domain: `${'a'.repeat(300)}.example` })).status).toBe(400);
    const other = await stack.userToken('ADMIN', await stack.newAccount('Other'));
    for (const path of [`/websites/${website.id}`, `/websites/${website.id}/report`]) {
      expect((await stack.api.request('GET', path, { token: other })).status).toBe(404);
    }
    expect((await stack.api.request<WebsiteResponse[]>('GET', '/websites', { token: other })).body).toEqual([]);
    const report = (query: string) =>
      stack.api.request('GET', `/websites/${website.id}/report${query}`, { token: stack.token });
    expect((await report('?from=2026-13-01')).status).toBe(400);
    expect((await report('?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await report('?from=2020-01-01&to=2026-01-01')).status).toBe(400);
  });

  it('counts views a browser sends, ties a visit from the mailing link to its profile and mailing', async () => {
    // The recipient clicks the link in the message: the click redirect leads to the shop with the visit token.
    const mail = await caughtMail(stack.catcher);
    const link = mail.links('ann')[0]!;
    const recipient = await browser.newContext();
    const tab = await recipient.newPage();
    await tab.goto(link);
    await tab.waitForURL((url) => url.pathname === '/sale');
    await pageViews(1);
    // The next page of the same visit, without the token in its address.
    await tab.getByRole('link', { name: 'Shoes' }).click();
    await tab.waitForURL((url) => url.pathname === '/shoes');
    await pageViews(2);
    await recipient.close();

    // Someone else, twice on one page; a forged token counts the view but ties it to nobody.
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    await other.goto(`${siteUrl}/shoes`);
    await other.reload();
    const forged = signVisitToken(`${mailingId}.1`, 'not-the-tracking-secret-at-all-!!');
    await other.goto(`${siteUrl}/sale?hv=${forged}`);
    await pageViews(5);
    await stranger.close();
    // Without JavaScript the pixel reports the page from its Referer (the origin).
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    await (await noScript.newPage()).goto(`${siteUrl}/shoes`);
    await pageViews(6);
    await noScript.close();

    const views = await stack.prisma.pageView.findMany({ orderBy: { id: 'asc' } });
    expect(views.map((v) => [v.path, v.profileId, v.mailingId])).toEqual([
      ['/sale', annId, mailingId],
      ['/shoes', annId, mailingId],
      ['/shoes', null, null],
      ['/shoes', null, null],
      ['/sale', null, null],
      ['/', null, null],
    ]);
    // The token identifies the recipient: it is not kept in the stored address.
    expect(views[0]!.url).toBe(`${siteUrl}/sale?utm_campaign=shoes`);
    expect(views[0]!.utmCampaign).toBe('shoes');
    expect(new Set(views.slice(0, 2).map((v) => v.visitorId)).size).toBe(1);
    expect(views[2]!.visitorId).toBe(views[3]!.visitorId);
    expect(views[2]!.visitorId).not.toBe(views[0]!.visitorId);

    const report = await stack.api.request<WebsiteReportResponse>('GET', `/websites/${website.id}/report`, {
      token: stack.token,
    });
    expect(report.status).toBe(200);
    expect(report.body.totals).toEqual({ views: 6, visitors: 3 });
    expect(report.body.days).toHaveLength(30);
    expect(report.body.days.at(-1)).toMatchObject({ views: 6, visitors: 3 });
    expect(report.body.pages).toEqual([
      { path: '/shoes', views: 3, visitors: 2 },
      { path: '/sale', views: 2, visitors: 2 },
      { path: '/', views: 1, visitors: 1 },
    ]);
    expect(report.body.mailings).toEqual([{ mailingId, name: 'Shoe sale', views: 2, profiles: 1 }]);
  });

  it('shows the figures on the website page of the admin app, at desktop and phone size', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true }); // axe's script
    await page.goto(`${stack.api.url}/admin/login`);
    await page.getByLabel('Email').fill(stack.user.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(stack.user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto(`${stack.api.url}/admin/websites`);
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByTestId('website-views').filter({ hasText: /^6$/ }).waitFor();
    expect(await page.getByTestId('website-visitors').textContent()).toBe('3');
    expect(await page.getByTestId('website-mailing-views').textContent()).toBe('2');
    expect(await page.getByTestId('website-snippet').textContent()).toContain(website.publicKey);
    const mailings = page.getByRole('table', { name: 'Visits from mailings' });
    expect(await mailings.getByRole('row').nth(1).textContent()).toBe('Shoe sale21');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'i19-website-desktop.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500); // the navigation slides out of view on a narrow screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'i19-website-phone.png');
    await page.close();
  });

  it("adds the visit token to the click redirect of a link to the website's domain, which the document left without one", async () => {
    const mail = await caughtMail(stack.catcher);
    const [sale, newIn] = mail.links('ann');
    // A link elsewhere (the shop by its address, not the website's domain) keeps its own token, and no second.
    const saleRedirect = await fetch(sale!, { redirect: 'manual' });
    expect(saleRedirect.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/sale\?utm_campaign=shoes&hv=[\w-]+$/,
    );

    const before = await stack.prisma.pageView.count();
    const recipient = await browser.newContext();
    const tab = await recipient.newPage();
    await tab.goto(newIn!);
    await tab.waitForURL((url) => url.hostname === 'shop.example.test' && url.pathname === '/new-in');
    expect(new URL(tab.url()).searchParams.get('hv')).toMatch(/^[\w-]+$/);
    const views = await pageViews(before + 1);
    await recipient.close();
    expect(views.at(-1)).toMatchObject({ path: '/new-in', profileId: annId, mailingId, url: `${shopUrl}/new-in` });
  });

  it('answers malformed beacons with the pixel and records nothing', async () => {
    const before = await stack.prisma.pageView.count();
    for (const query of [
      '',
      '?k=nope&u=https://shop.example.test/',
      `?k=${website.publicKey}&u=javascript:alert(1)`,
      `?k=${website.publicKey}&u=${'x'.repeat(9000)}`,
      `?k=00000000-0000-4000-8000-000000000000&u=https://shop.example.test/`,
    ]) {
      const res = await fetch(`${stack.api.url}/t/v${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
    }
    expect((await fetch(`${stack.api.url}/t/v`, { method: 'POST' })).status).toBe(405);
    const script = await fetch(`${stack.api.url}/t/s.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // An unknown key reached the stream (only the worker knows the keys) and was dropped there.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stack.prisma.pageView.count()).toBe(before);
  });
});
