import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import {
  acknowledgeWarnings,
  BROWSER_AGENT,
  caughtMail,
  sendMailing,
  startE2eStack,
  waitFor,
  type E2eStack,
} from '../support/e2e';
const PEOPLE = ['ada', 'grace', 'edsger', 'linus'] as const;

describe('mailing report in a browser', () => {
  let stack: E2eStack;
  let browser: Browser;
  let page: Page;
  let token: string;
  let mailingId: number;
  let previewDocumentId: number;
  let databaseId: number;
  let secondMailingId: number;
  const profileIds = new Map<string, number>();
  const pageErrors: string[] = [];

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(stack.api.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** This spec reads every 200 ms, for up to a minute unless it says otherwise. */
  const slowly = { timeoutMs: 60_000, intervalMs: 200 };

  beforeAll(async () => {
    // The API serves the built app; build it if this checkout has not yet.
    ensureAdminBuilt();
    stack = await startE2eStack({ publicUrl: true });
    ({ token } = stack);

    // Four readers: ada opens, grace clicks (which implies an open), edsger and linus do nothing.
    const database = await call<{ id: number }>('POST', '/databases', {
      name: 'Readers',
      fields: [{ name: 'firstname', type: 'TEXT' }],
    });
    databaseId = database.id;
    for (const name of PEOPLE) {
      const profile = await call<{ id: number }>('POST', `/databases/${database.id}/profiles`, {
        email: `${name}@example.test`,
        values: { firstname: name },
      });
      profileIds.set(name, profile.id);
    }
    const document = await call<{ id: number }>('POST', '/documents', {
      name: 'Spring news',
      fromName: 'Herald',
      fromAddress: 'news@herald.example',
      subject: 'Spring news for {{ firstname }}',
      html: '<html><body><p>Hi {{ firstname }}</p><a href="https://example.com/spring">Spring</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
    });
    previewDocumentId = (
      await call<{ id: number }>('POST', '/documents', {
        name: 'Draft with a typo',
        fromAddress: 'news@herald.example',
        subject: 'Hello {{ firstname }}',
        html: '<html><body><p>Hi {{ nickname }}</p></body></html>',
      })
    ).id;
    ({ mailingId } = await sendMailing(stack, {
      name: 'Spring newsletter',
      document: document.id,
      target: { databaseId: database.id },
      ...slowly,
    }));

    await waitFor(
      async () => stack.catcher.messages().length,
      (n) => n >= PEOPLE.length,
      slowly,
    );
    const mail = await caughtMail(stack.catcher);
    // Opens and clicks within two seconds of delivery count as machines (link scanners, privacy proxies).
    await new Promise((r) => setTimeout(r, 2_100));
    const pixel = mail.pixel('ada');
    const link = mail.links('grace')[0]!;
    expect((await fetch(pixel, { headers: { 'user-agent': BROWSER_AGENT } })).ok).toBe(true);
    const redirect = await fetch(link, { headers: { 'user-agent': BROWSER_AGENT }, redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('https://example.com/spring');
    // The events reach the report through the ingestion stream: wait until they are counted.
    await waitFor(
      () =>
        call<{ keyFigures: { impressions: { unique: number }; clicks: { unique: number } } }>(
          'GET',
          `/mailings/${mailingId}/report`,
        ),
      (r) => r.keyFigures.impressions.unique === 2 && r.keyFigures.clicks.unique === 1,
      { ...slowly, timeoutMs: 30_000 },
    );

    // A second mailing of the same document that nobody reads, to compare with.
    stack.catcher.clear();
    ({ mailingId: secondMailingId } = await sendMailing(stack, {
      name: 'Spring reminder',
      document: document.id,
      target: { databaseId: database.id },
      ...slowly,
    }));

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'shows the key figures and dominant results of a sent mailing, and shares the report by a link that works without login',
    { timeout: 180_000 },
    async () => {
      await page.goto(`${stack.api.url}/admin/mailings`);
      await page.waitForURL(/\/admin\/login/);
      await page.getByLabel('Email').fill(stack.user.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(stack.user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Mailings', level: 2 }).waitFor();

      // The list shows the mailing as sent with its progress; the detail page leads to the report.
      const row = page.getByTestId('mailing-row').filter({ hasText: 'Spring newsletter' });
      await row.getByTestId('mailing-status').filter({ hasText: 'Sent' }).waitFor();
      expect(await row.getByTestId('mailing-progress-text').textContent()).toBe('4 / 4');
      await row.getByRole('link', { name: 'Spring newsletter' }).click();
      await page.getByRole('heading', { name: /Spring newsletter/, level: 2 }).waitFor();
      expect(await page.getByTestId('progress-sent').textContent()).toBe('4');
      // A sent mailing can no longer be sent or cancelled.
      expect(await page.getByRole('button', { name: 'Send now' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Report' }).click();
      await page.waitForURL(new RegExp(`/admin/mailings/${mailingId}/report$`));

      const figure = (id: string) => page.getByTestId(`figure-${id}`);
      await figure('sent').filter({ hasText: /^4$/ }).waitFor();
      expect(await figure('delivered').textContent()).toBe('4');
      expect(await figure('impressions-unique').textContent()).toBe('2'); // ada's open and grace's click
      expect(await figure('impressions-total').textContent()).toBe('2'); // ada's pixel, and the impression grace's click implies
      expect(await figure('impressions-human').textContent()).toBe('2');
      expect(await figure('impressions-machine').textContent()).toBe('0');
      // Every rate says what it divides by.
      expect(await page.getByTestId('base-opened').textContent()).toBe('of messages sent');
      expect(await page.getByTestId('base-complaints').textContent()).toBe('of destinations');
      expect(await figure('clicks-unique').textContent()).toBe('1');
      expect(await figure('clicks-total').textContent()).toBe('1');
      // CTR on dominant results: 1 click / (1 impression + 1 click); click-to-open: 1 unique click / 2 opened.
      expect(await figure('ctr').textContent()).toBe('50.0 %');
      expect(await page.getByTestId('ctr-formula').textContent()).toBe(
        'dominant clicks / (dominant impressions + dominant clicks) × 100',
      );
      expect(await figure('click-to-open').textContent()).toBe('50.0 %');
      expect(await figure('errors').textContent()).toBe('0');

      // Each destination counted once: 2 with no feedback, 1 impression, 1 click, adding up to 100 %.
      const bucket = (result: string) => page.getByTestId(`dominant-${result}`);
      expect(await bucket('NO_FEEDBACK').getByTestId('dominant-count').textContent()).toBe('2');
      expect(await bucket('NO_FEEDBACK').getByTestId('dominant-percent').textContent()).toBe('50.0 %');
      expect(await bucket('IMPRESSION').getByTestId('dominant-percent').textContent()).toBe('25.0 %');
      expect(await bucket('CLICK').getByTestId('dominant-percent').textContent()).toBe('25.0 %');
      expect(await bucket('ERROR').getByTestId('dominant-percent').textContent()).toBe('0.0 %');
      expect(await page.getByTestId('dominant-total-percent').textContent()).toBe('100.0 %');
      // The donut draws one sector per result that has destinations.
      const sectors = page.getByTestId('dominant-chart').locator('path.recharts-sector');
      await sectors.nth(2).waitFor();
      expect(await sectors.count()).toBe(3);
      // One hour of results: drawn as bars, people only (the legend names the series).
      await page.getByTestId('timeline-chart').locator('.recharts-bar-rectangle').first().waitFor();
      expect(await page.getByTestId('timeline-chart').textContent()).toContain('Impressions');
      const links = (await page.getByRole('table', { name: 'Links' }).textContent()) ?? '';
      expect(links).toContain('https://example.com/spring');

      await saveScreenshot(page, 'report-page.png');

      // Recipients per dominant result, filtered.
      await page.getByRole('tab', { name: 'Recipients' }).click();
      await page.getByTestId('recipient-row').nth(3).waitFor();
      await page.getByRole('combobox', { name: 'Dominant result' }).click();
      await page.getByRole('option', { name: 'Click', exact: true }).click();
      await page.getByTestId('recipient-row').filter({ hasText: 'grace@example.test' }).waitFor();
      await expect.poll(() => page.getByTestId('recipient-row').count()).toBe(1);

      // The report's export comes down through fetch with the token, as a file.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        (async () => {
          await page.getByRole('button', { name: 'Export', exact: true }).click();
          await page.getByRole('menuitem', { name: 'Report as CSV' }).click();
        })(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);

      // A shared link: created in the dialog, opened in a browser that never logged in.
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'Share' }).click();
      const dialog = page.getByRole('dialog', { name: 'Share the report' });
      await dialog.getByLabel('Title').fill('Spring results for the board');
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const linkInput = dialog.getByRole('textbox', { name: 'Shared link' });
      await linkInput.waitFor();
      const sharedUrl = await linkInput.inputValue();
      expect(sharedUrl).toMatch(new RegExp(`^${stack.api.url}/admin/shared/[A-Za-z0-9_-]{43}$`));
      await dialog.getByRole('table', { name: 'Shared links' }).getByText('Spring results for the board').waitFor();

      const stranger = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      try {
        const publicPage = await stranger.newPage();
        publicPage.on('pageerror', (error) => pageErrors.push(error.message));
        await publicPage.goto(sharedUrl);
        await publicPage.getByRole('heading', { name: 'Spring results for the board', level: 2 }).waitFor();
        expect(publicPage.url()).toBe(sharedUrl); // not sent to the login page
        expect(await publicPage.getByTestId('figure-sent').textContent()).toBe('4');
        expect(await publicPage.getByTestId('figure-ctr').textContent()).toBe('50.0 %');
        expect(await publicPage.getByTestId('dominant-NO_FEEDBACK').getByTestId('dominant-percent').textContent()).toBe(
          '50.0 %',
        );
        // Read only: no exports, no recipients, no navigation into the app.
        expect(await publicPage.getByRole('button', { name: 'Export' }).count()).toBe(0);
        expect(await publicPage.getByRole('tab', { name: 'Recipients' }).count()).toBe(0);
        expect(await publicPage.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
        expect(await publicPage.evaluate(() => localStorage.getItem('herald.token'))).toBeNull();
        await saveScreenshot(publicPage, 'shared-report-page.png');
      } finally {
        await stranger.close();
      }

      // Revoked, the link stops working.
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      await dialog.getByRole('table', { name: 'Shared links' }).getByText('Revoked').waitFor();
      const revoked = await fetch(`${stack.api.url}/shared/${sharedUrl.split('/').pop()}`);
      expect(revoked.status).toBeGreaterThanOrEqual(400);

      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'previews a document for a chosen profile and names the fields it does not know',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${stack.api.url}/admin/mailings/documents/${previewDocumentId}`);
      await page.getByRole('heading', { name: 'Draft with a typo', level: 2 }).waitFor();
      await page.getByRole('combobox', { name: 'Database' }).click();
      await page.getByRole('option', { name: 'Readers' }).click();
      await page.getByRole('combobox', { name: 'Profile' }).click();
      await page.getByRole('option', { name: 'ada@example.test' }).click();
      await page.getByTestId('preview-subject').filter({ hasText: 'Hello ada' }).waitFor();
      expect(await page.getByTestId('unknown-fields').textContent()).toContain('nickname');
      await saveScreenshot(page, 'document-editor.png');
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'compares two mailings with the best value marked, and shows what a profile received and how the database grew',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${stack.api.url}/admin/statistics/compare`);
      await page.getByRole('combobox', { name: 'Mailings to compare' }).click();
      await page.getByRole('option', { name: 'Spring newsletter' }).click();
      await page.getByRole('option', { name: 'Spring reminder' }).click();
      await page.keyboard.press('Escape');
      const table = page.getByRole('table', { name: 'Compared mailings' });
      await table.waitFor();
      // Ranked by rates: the newsletter was opened by 2 of 4, the reminder by none; only the newsletter's cell is best.
      const opened = table.getByRole('row').filter({ hasText: 'Opened' });
      const best = opened.locator('td[data-best]');
      await expect.poll(() => best.count()).toBe(1);
      expect(await best.textContent()).toContain('50.0 %');
      expect(await opened.getByTestId(`rank-openedRate-${mailingId}`).textContent()).toBe('#1');
      expect(await opened.getByTestId('base-openedRate').textContent()).toBe(
        'messages with impression / messages sent',
      );
      // Counts are shown for context, never ranked.
      const impressions = table.getByRole('row').filter({ hasText: 'Unique impressions' });
      expect(await impressions.locator('td[data-best]').count()).toBe(0);
      await page.locator('.recharts-bar-rectangle').first().waitFor();
      await saveScreenshot(page, 'compare-mailings.png');

      await page.getByRole('tab', { name: 'Campaign email performance' }).click();
      const performance = page.getByRole('table', { name: 'Campaign email performance' });
      await performance.getByRole('row').filter({ hasText: 'Spring reminder' }).waitFor();
      expect(await performance.getByRole('row').filter({ hasText: 'Spring newsletter' }).count()).toBe(1);
      // Marketo's rates say their base: opens over delivered messages, bounces over sends.
      expect(await performance.getByTestId('campaign-base-Opened').textContent()).toBe('% of delivered');
      expect(await performance.getByTestId('campaign-base-Hard bounced').textContent()).toBe('% of sent');

      // Grace received both mailings; the newsletter's history has her click.
      await page.goto(`${stack.api.url}/admin/profiles/${profileIds.get('grace')}`);
      await page.getByRole('tab', { name: 'Mailings' }).click();
      const received = page.getByTestId('history-mailing');
      await received.nth(1).waitFor();
      expect(await received.count()).toBe(2);
      const newsletter = received.filter({ hasText: 'Spring newsletter' });
      expect(await newsletter.textContent()).toContain('https://example.com/spring');
      expect(await newsletter.textContent()).toContain('Clicked');
      await saveScreenshot(page, 'profile-history.png');

      await page.goto(`${stack.api.url}/admin/databases/${databaseId}/statistics`);
      await page.getByTestId('statistics-profiles').filter({ hasText: /^4$/ }).waitFor();
      expect(await page.getByTestId('statistics-messages-sent').textContent()).toBe('8');
      await page.getByRole('table', { name: 'Mailings sent' }).getByText('Spring reminder').waitFor();
      // Four profiles added today: a bar for the day, and the total climbing to 4.
      await page.locator('.recharts-bar-rectangle:visible').first().waitFor();
      await page.locator('.recharts-area').first().waitFor({ state: 'attached' });
      await saveScreenshot(page, 'database-statistics.png');

      await page.goto(`${stack.api.url}/admin/mailings/${secondMailingId}`);
      await page.getByTestId('progress-sent').filter({ hasText: /^4$/ }).waitFor();
      await saveScreenshot(page, 'mailing-page.png');
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'shows the report and the comparison, each rate with its base, at 1280×800 and on a 390×844 phone without sideways scrolling',
    { timeout: 90_000 },
    async () => {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport);
        await page.goto(`${stack.api.url}/admin/mailings/${mailingId}/report`);
        await page.getByTestId('figure-sent').filter({ hasText: /^4$/ }).waitFor();
        for (const rate of ['delivered', 'opened', 'clicked', 'unsubscribed', 'complaints', 'errors']) {
          const base = page.getByTestId(`base-${rate}`);
          await base.scrollIntoViewIfNeeded();
          expect(await base.isVisible(), `${rate} at ${viewport.width}`).toBe(true);
          expect(await base.textContent(), rate).toMatch(/^of /);
        }
        expect(await page.getByTestId('link-1-human').textContent()).toBe('1'); // grace's click; no machine clicked
        expect(await page.getByTestId('link-1-machine').textContent()).toBe('0');
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          `report at ${viewport.width}`,
        ).toBe(true);
        await saveScreenshot(page, `report-rates-${viewport.width}.png`);

        await page.goto(`${stack.api.url}/admin/statistics/compare`);
        await page.getByRole('combobox', { name: 'Mailings to compare' }).click();
        await page.getByRole('option', { name: 'Spring newsletter' }).click();
        await page.getByRole('option', { name: 'Spring reminder' }).click();
        await page.keyboard.press('Escape');
        const table = page.getByRole('table', { name: 'Compared mailings' });
        await table.waitFor();
        expect(await table.getByTestId('base-clickThroughRate').textContent()).toBe(
          'dominant clicks / (dominant impressions + dominant clicks)',
        );
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          `comparison at ${viewport.width}`,
        ).toBe(true);
        await saveScreenshot(page, `compare-rates-${viewport.width}.png`);
      }
      await page.setViewportSize({ width: 1440, height: 1000 });
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'creates a mailing in the form and sends it after a warning that sending cannot be undone',
    { timeout: 90_000 },
    async () => {
      await page.goto(`${stack.api.url}/admin/mailings/new`);
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring last call');
      await page.getByRole('combobox', { name: 'Document' }).click();
      await page.getByRole('option', { name: 'Spring news', exact: true }).click();
      await page.getByRole('button', { name: 'Next: To whom' }).click();
      await page.getByRole('combobox', { name: 'Database' }).click();
      await page.getByRole('option', { name: 'Readers' }).click();
      for (const next of ['Settings', 'Checks', 'Send'])
        await page.getByRole('button', { name: `Next: ${next}` }).click();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { name: /Spring last call/, level: 2 }).waitFor();
      expect(await page.getByTestId('mailing-status').textContent()).toBe('Draft');
      // Its warnings acknowledged (the sender's: the From address is no sender domain of the account), as the
      // Checks step does (test/browser/issue-checker.e2e-spec.ts): unacknowledged, the send is refused (409).
      await acknowledgeWarnings(stack.api, stack.token, Number(new URL(page.url()).pathname.split('/').pop()));

      await page.getByRole('button', { name: 'Send now' }).click();
      const confirm = page.getByRole('dialog', { name: 'Send this mailing now?' });
      expect(await confirm.textContent()).toContain('Sending cannot be undone');
      // The confirmation says how many get it, counted before sending.
      await confirm
        .getByTestId('confirm-summary')
        .filter({ hasText: /^Send to 4 recipients/ })
        .waitFor();
      await confirm.getByRole('button', { name: 'Send to 4 recipients' }).click();
      // The page follows the mailing by itself until it is sent.
      await page
        .getByTestId('mailing-status')
        .filter({ hasText: /^Sent$/ })
        .waitFor({ timeout: 60_000 });
      await page.getByTestId('progress-sent').filter({ hasText: /^4$/ }).waitFor();
      expect(await page.getByRole('button', { name: 'Send now' }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
  );
});
