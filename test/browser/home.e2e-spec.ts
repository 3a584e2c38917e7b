import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import { startStack } from '../support/stack';
import { acknowledgeWarnings, logIn, seedShell, waitUntil, type ShellSeed } from './shell-seed';

describe('home page in a browser', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'gives a new account its next steps, then what is sending, scheduled and how the last mailings did',
    {
      timeout: 240_000,
    },
    async () => {
      // Signing in lands on the home page (not a bare list of databases).
      await logIn(page, stack);
      expect(await page.title()).toBe('Home · Herald');
      const steps = ['database', 'import', 'document', 'mailing'];
      for (const step of steps) {
        expect(await page.getByTestId(`next-step-${step}`).getAttribute('data-done')).toBe('false');
      }
      expect(await page.getByTestId('next-step-database').getByRole('link').getAttribute('href')).toBe(
        '/admin/databases',
      );
      expect(await page.getByTestId('next-step-document').getByRole('link').getAttribute('href')).toBe(
        '/admin/mailings/documents/new',
      );
      expect(await page.getByTestId('home-sending').textContent()).toContain('Nothing is going out right now.');
      await saveScreenshot(page, 'i13-shell-home-new-desktop.png');
      await page.setViewportSize({ width: 390, height: 844 });
      // The navigation slides out of view on a narrow screen: let it finish before the picture.
      await page.waitForTimeout(500);
      await saveScreenshot(page, 'i13-shell-home-new-phone.png');
      await page.setViewportSize({ width: 1280, height: 800 });

      const seed: ShellSeed = await seedShell(stack);
      await page.reload();
      const recent = page.getByTestId('home-recent-row');
      await recent.first().waitFor();
      // Every step is done: the list goes away.
      expect(await page.getByTestId('next-step-database').count()).toBe(0);
      expect(await recent.count()).toBe(1);
      const row = await recent.first().textContent();
      expect(row).toContain('Spring newsletter');
      // Four of the five seeded profiles have a valid address and were sent to; none bounced: 100 % delivered.
      expect(await recent.first().locator('td').nth(1).textContent()).toBe('100.0 %');
      expect(await recent.first().getByRole('link').getAttribute('href')).toBe(
        `/admin/mailings/${seed.sentMailingId}/report`,
      );
      // The shell seed schedules a daily digest from tomorrow (the calendar's runs): it is what comes next.
      expect(await page.getByTestId('home-scheduled').textContent()).toContain('Daily digest');
      await saveScreenshot(page, 'i13-shell-home-desktop.png');
      await page.setViewportSize({ width: 390, height: 844 });
      // The navigation slides out of view on a narrow screen: let it finish before the picture.
      await page.waitForTimeout(500);
      await saveScreenshot(page, 'i13-shell-home-phone.png');
      await page.setViewportSize({ width: 1280, height: 800 });

      // A mailing on its way shows under "Sending now": 300 people at 100 a minute take three minutes.
      const big = await seed.call<{ id: number }>('POST', '/databases', { name: 'Big list', fields: [] });
      const form = new FormData();
      const rows = Array.from({ length: 300 }, (_, i) => `reader${i}@example.test`);
      form.set('file', new Blob([['email', ...rows].join('\n')], { type: 'text/csv' }), 'big.csv');
      form.set('mapping', JSON.stringify({ columns: { email: 'email' } }));
      const job = await seed.call<{ id: number }>('POST', `/databases/${big.id}/imports`, form);
      await waitUntil(
        () => seed.call<{ status: string }>('GET', `/imports/${job.id}`),
        (j) => j.status === 'DONE',
      );
      const next = await seed.call<{ id: number }>('POST', '/mailings', {
        name: 'Autumn news',
        documentId: seed.documentId,
        targetType: 'DATABASE',
        databaseId: big.id,
        settings: { maxPerMinute: 100 },
      });
      await acknowledgeWarnings(seed.call, next.id);
      await seed.call('POST', `/mailings/${next.id}/send`);
      await page.reload();
      await page.getByTestId('home-sending').getByRole('link', { name: 'Autumn news' }).waitFor();
      await saveScreenshot(page, 'i13-shell-home-sending-desktop.png');
    },
  );

  it('says "No such mailing" for an address with a malformed or unknown id', { timeout: 60_000 }, async () => {
    for (const path of ['/mailings/abc', '/mailings/99999', '/mailings/abc/report', '/databases/1x/selections/2']) {
      await page.goto(`${stack.apiUrl}/admin${path}`);
      await page.getByTestId('missing-page').waitFor();
      const heading = await page.getByRole('heading', { level: 2 }).textContent();
      expect(heading, path).toBe(path.startsWith('/databases') ? 'No such database' : 'No such mailing');
      expect(await page.title()).toBe(`${heading} · Herald`);
      expect(await page.getByText('Validation failed').count()).toBe(0);
    }
    await page.goto(`${stack.apiUrl}/admin/profiles/0`);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('No such profile');
  });
});
