import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import { startStack } from '../support/stack';
import { appPages, logIn, seedShell, settle, type ShellSeed } from './shell-seed';

const PHONE = { width: 390, height: 844 };

describe('the admin app on a phone (390×844)', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let seed: ShellSeed;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startStack();
    seed = await seedShell(stack);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    page.setDefaultTimeout(15_000);
    await logIn(page, stack);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'fits every page to the screen, with no badge cut short, and saves a screenshot of each',
    { timeout: 300_000 },
    async () => {
      const problems: string[] = [];
      for (const { name, path, open } of appPages(seed)) {
        await page.goto(`${stack.apiUrl}/admin${path}`);
        await settle(page);
        await open?.(page);
        // Wide tables scroll inside their own box; the page itself never scrolls sideways.
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (pageWidth > PHONE.width) problems.push(`${name}: the page is ${pageWidth}px wide`);
        // A status reads in full ("Sent", never "SE…").
        const cut = await page.evaluate(() =>
          Array.from(document.querySelectorAll('.mantine-Badge-label'))
            .filter((label) => label.scrollWidth > label.clientWidth + 1)
            .map((label) => label.textContent),
        );
        if (cut.length > 0) problems.push(`${name}: badges cut short: ${cut.join(', ')}`);
        await saveScreenshot(page, `i13-shell-${name}-phone.png`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('says that the campaign report scrolls sideways, and it does', { timeout: 60_000 }, async () => {
    await page.goto(`${stack.apiUrl}/admin/statistics/performance`);
    const table = page.getByRole('table', { name: 'Campaign email performance' });
    await table.waitFor();
    await page.getByText('Swipe sideways to see all columns').first().waitFor();
    expect(await page.getByTestId('scroll-hint').first().isVisible()).toBe(true);
    const box = await table.evaluate((el) => {
      // The nearest box that scrolls sideways.
      let scroller = el.parentElement!;
      while (!['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement!;
      return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
    });
    expect(box.scrollWidth).toBeGreaterThan(box.clientWidth);
    await saveScreenshot(page, 'i13-shell-campaign-report-phone.png');
  });

  it('shows the live count of the selection editor above its Save button', { timeout: 60_000 }, async () => {
    await page.goto(`${stack.apiUrl}/admin/databases/${seed.databaseId}/selections/${seed.selectionId}/edit`);
    const count = page.getByTestId('live-count');
    await count.filter({ hasText: /^\d+$/ }).waitFor();
    const save = page.getByRole('button', { name: 'Save selection' });
    const [countBox, saveBox] = [await count.boundingBox(), await save.boundingBox()];
    expect(countBox!.y).toBeLessThan(saveBox!.y);
    await saveScreenshot(page, 'i13-shell-selection-edit-count-phone.png');
  });

  it(
    'opens the menu from the burger, every section built, and SMS and fax lead to their mailings and results',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/`);
      await page.getByRole('button', { name: 'Toggle navigation' }).click();
      const nav = page.getByRole('navigation', { name: 'Sections' });
      await nav.getByRole('link', { name: 'Statistics' }).waitFor();
      expect(await nav.getByText('soon').count()).toBe(0);
      // SMS and fax mailings exist: nothing in the menu is "coming later" any more.
      expect(await page.getByTestId('coming-sections').count()).toBe(0);
      await page.waitForTimeout(300); // the menu slides in: the screenshot shows it in place
      await saveScreenshot(page, 'i13-shell-menu-phone.png');
      await nav.getByRole('link', { name: 'SMS and fax' }).click();
      await page.getByRole('heading', { name: 'SMS and fax' }).waitFor();
      // The seed's SMS and fax mailings are drafts: no results yet, the mailing itself one tap away.
      const fax = page.getByTestId('sms-fax-row').filter({ hasText: 'Price list by fax' });
      await fax.getByText('Not sent yet').waitFor();
      await fax.getByRole('link', { name: 'Price list by fax' }).click();
      await page.waitForURL(new RegExp(`/admin/mailings/${seed.faxMailingId}$`));
    },
  );
});
