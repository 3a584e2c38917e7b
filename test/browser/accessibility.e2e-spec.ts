import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, seriousViolations } from '../support/browser';
import { startStack } from '../support/stack';
import { appPages, logIn, seedShell, settle, type ShellSeed } from './shell-seed';

describe('accessibility of every page of the admin app', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let seed: ShellSeed;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startStack();
    seed = await seedShell(stack);
    browser = await launchChromium();
    // The API's Content-Security-Policy forbids inline scripts, which is how axe gets into the page.
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    page.setDefaultTimeout(15_000);
    await logIn(page, stack);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'gives every page its own title, one main heading and no serious or critical axe violation',
    { timeout: 300_000 },
    async () => {
      const problems: string[] = [];
      for (const { name, path, open } of appPages(seed)) {
        await page.goto(`${stack.apiUrl}/admin${path}`);
        await settle(page);
        await open?.(page);
        const title = await page.title();
        if (!/^.+ · Herald$/.test(title)) problems.push(`${name}: title "${title}"`);
        const headings = await page.locator('main h1, main h2').count();
        if (headings !== 1) problems.push(`${name}: ${headings} h1/h2 headings`);
        for (const v of await seriousViolations(page)) {
          problems.push(
            `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => `${n.target.join(' ')} (${n.summary})`).join(', ')}`,
          );
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('checks the login page too', { timeout: 60_000 }, async () => {
    const anonymous = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await anonymous.goto(`${stack.apiUrl}/admin/login`);
    await anonymous.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await anonymous.title()).toBe('Sign in · Herald');
    expect(await seriousViolations(anonymous)).toEqual([]);
    await anonymous.close();
  });

  it(
    'skips to the main content from the keyboard, and opens a profile row with Enter',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/databases/${seed.databaseId}`);
      await page.getByTestId('profile-row').first().waitFor();

      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to main content' });
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

      // From the main content, Tab reaches a profile's link without the mouse; Enter opens the profile.
      const target = page.getByTestId('profile-row').first().getByRole('link');
      for (let i = 0; i < 40; i++) {
        if (await target.evaluate((el) => el === document.activeElement)) break;
        await page.keyboard.press('Tab');
      }
      expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/profiles\/\d+$/);
    },
  );
});
