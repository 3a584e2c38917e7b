import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderDomainResponse } from '@herald/contracts';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server';
import { startE2eStack, type E2eStack } from '../support/e2e';
import { createUser } from '../support/factories';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// Issue 17: an ADMIN adds a sender domain in the admin app, copies the records it shows, publishes
// them (here: to a DNS server on loopback) and verifies the domain; a marketer only reads.
describe('sender domains in a browser', () => {
  let dns: LocalDnsServer;
  let stack: E2eStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const logIn = async (role: 'ADMIN' | 'MARKETER') => {
    const user = await createUser(stack.prisma, stack.accountId, role);
    await page.context().clearCookies();
    await page.goto(`${stack.api.url}/admin/login`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${stack.api.url}/admin/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  };

  beforeAll(async () => {
    ensureAdminBuilt();
    dns = await startDnsServer();
    stack = await startE2eStack({ publicUrl: true, role: false, catcher: false, config: { DNS_SERVERS: dns.server } });
    browser = await launchChromium();
    // axe is injected as a script: the page's Content-Security-Policy would refuse it.
    page = await browser.newPage({ viewport: DESKTOP, bypassCSP: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await dns?.close();
  });

  it(
    'adds a domain, shows the records with copy buttons, and verifies it once they are published',
    { timeout: 180_000 },
    async () => {
      await logIn('ADMIN');
      await page.goto(`${stack.api.url}/admin/admin`);
      await page.getByRole('link', { name: 'Sender domains' }).click();
      await page.getByRole('heading', { name: 'Sender domains', level: 2 }).waitFor();
      await page.getByText('No sender domain yet').waitFor();

      // What is no domain is said beside the field.
      const domainField = page.getByRole('textbox', { name: 'Domain' });
      await domainField.fill('news@bücher.example');
      await page.getByRole('button', { name: 'Add domain' }).click();
      await page.getByText(/is not a bare domain name/).waitFor();

      await domainField.fill('Bücher.example');
      await page.getByLabel('Also an Ed25519 key').check();
      await page.getByRole('button', { name: 'Add domain' }).click();
      const card = page.getByTestId('sender-domain');
      await card.getByRole('heading', { name: 'bücher.example' }).waitFor();
      await card.getByText('In DNS: xn--bcher-kva.example').waitFor();
      await card.getByText('not verified').waitFor();
      const records = card.getByTestId('dns-record');
      expect(await records.count()).toBe(6);
      expect(await card.getByRole('button', { name: /^Copy the value of the / }).count()).toBe(6);
      expect(await card.getByRole('button', { name: /^Copy the name of the / }).count()).toBe(6);
      await saveScreenshot(page, 'i17-sender-domains-desktop.png');

      // Published as shown (the API's answer is what the page shows), then verified.
      const [domain] = (await (
        await fetch(`${stack.api.url}/sender-domains`, {
          headers: { authorization: `Bearer ${await page.evaluate(() => localStorage.getItem('herald.token'))}` },
        })
      ).json()) as SenderDomainResponse[];
      for (const record of domain!.records) {
        await expect(card.getByText(record.value, { exact: true }).count()).resolves.toBe(1);
        const entry = dns.zone.get(record.name) ?? {};
        if (record.type === 'TXT') entry.TXT = [...(entry.TXT ?? []), record.value];
        else entry.CNAME = record.value;
        dns.zone.set(record.name, entry);
      }
      await card.getByRole('button', { name: 'Verify' }).click();
      await card.getByText('verified', { exact: true }).waitFor();
      expect(await records.filter({ hasText: 'found' }).count()).toBe(6);

      expect(await seriousViolations(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(500); // the navigation slides out of view on a narrow screen
      await saveScreenshot(page, 'i17-sender-domains-phone.png');
      expect(await seriousViolations(page)).toEqual([]);
      await page.setViewportSize(DESKTOP);
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'shows a marketer the domains and their records, without adding, verifying or deleting',
    { timeout: 120_000 },
    async () => {
      await logIn('MARKETER');
      await page.goto(`${stack.api.url}/admin/admin/sender-domains`);
      const card = page.getByTestId('sender-domain');
      await card.getByRole('heading', { name: 'bücher.example' }).waitFor();
      expect(await page.getByRole('button', { name: 'Add domain' }).count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Verify' }).count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Delete' }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
  );
});
