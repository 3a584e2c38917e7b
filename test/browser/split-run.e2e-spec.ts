import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import { BROWSER_AGENT, caughtMail, waitFor } from '../support/e2e';
import { startStack } from '../support/stack';

const PROFILES = 40;

// Issue 16: a split-run with two subjects made in the admin app, and its variants compared on its page.
describe('a split-run in a browser', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const choose = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startStack();
    const { accountId, prisma } = stack;
    const database = await prisma.database.create({ data: { accountId, name: 'Readers' } });
    await prisma.profile.createMany({
      data: Array.from({ length: PROFILES }, (_, i) => ({
        accountId,
        databaseId: database.id,
        email: `r${i}@example.test`,
      })),
    });
    const login = await fetch(`${stack.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stack.login),
    });
    const { token } = (await login.json()) as { token: string };
    await fetch(`${stack.apiUrl}/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        name: 'Autumn offer',
        fromAddress: 'news@herald.test',
        subject: 'Autumn offer',
        html: '<p>Hello</p><a href="https://example.com/autumn">Autumn</a>',
      }),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'creates a split-run with two subjects, sees the groups, starts it and reads B ahead on the comparison',
    { timeout: 180_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/login`);
      await page.getByLabel('Email').fill(stack.login.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(stack.login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/login'));

      await page.goto(`${stack.apiUrl}/admin/mailings`);
      await page.getByRole('link', { name: 'New split-run' }).click();
      await page.getByRole('heading', { name: 'New split-run' }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill('Which subject?');
      await choose('Database', 'Readers');
      await choose('Document of variant A', 'Autumn offer');
      await choose('Document of variant B', 'Autumn offer');
      await page.getByRole('textbox', { name: 'Subject of variant A' }).fill('Autumn is here');
      await page.getByRole('textbox', { name: 'Subject of variant B' }).fill('Last days of autumn');
      await page.getByText('The rest, 50 %, receives the winner.').waitFor();
      await choose('The winner is the variant with', 'Most unique clicks');
      await page.getByRole('button', { name: 'Create split-run' }).click();

      // Before the start: the groups as drawn from the target now, and what they can detect.
      await page.waitForURL(/\/admin\/mailings\/split-runs\/\d+$/);
      const groups = page.getByRole('table', { name: 'Test groups' });
      await groups.getByText('10 recipients').first().waitFor();
      expect(await groups.textContent()).toContain('The rest20 recipients');
      await page.getByText(/can be told apart with 80 % power/).waitFor();
      await saveScreenshot(page, 'i16-split-run-plan.png');
      await page.getByRole('button', { name: 'Start: send the test groups' }).click();

      // People in B's group click (after the two seconds in which a click is a scanner's).
      await waitFor(
        () => stack.catcher.messages().length,
        (n) => n === 20,
        { timeoutMs: 60_000, what: 'the test groups' },
      );
      const mail = await caughtMail(stack.catcher);
      const inB = mail.recipients().filter((who) => mail.message(who).subject === 'Last days of autumn');
      expect(inB).toHaveLength(10);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      for (const who of inB.slice(0, 6)) {
        const link = mail.links(who).find((href) => href.includes('/t/c/'))!;
        await fetch(link, { headers: { 'user-agent': BROWSER_AGENT }, redirect: 'manual' });
      }

      const table = page.getByRole('table', { name: 'Variants side by side' });
      await table.getByRole('row', { name: /^B 10 .* 6 60\.0 %/ }).waitFor({ timeout: 30_000 });
      await page.getByText('So far: Variant B has the highest unique clicks / messages sent').waitFor();
      await page.getByText(/B is better than A with \d+ % confidence|Too close to call/).waitFor();
      await table.getByRole('button', { name: 'Send B to the rest' }).waitFor();
      await saveScreenshot(page, 'i16-split-run-comparison.png');
      expect(pageErrors).toEqual([]);
    },
  );
});
