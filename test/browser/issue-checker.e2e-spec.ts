import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailingResponse } from '@herald/contracts';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { startE2eStack, type E2eStack } from '../support/e2e';

// The mailing form's check step (issue 17): findings by severity with where and how to fix them,
// warnings acknowledged in the browser, then the send goes.
describe('the issue checker step of the mailing form in a browser', () => {
  let stack: E2eStack;
  let browser: Browser;
  let marketer: Awaited<ReturnType<E2eStack['newUser']>>;
  let databaseId: number;
  const pageErrors: string[] = [];

  async function draftWithWarnings(name: string): Promise<number> {
    const { api } = stack;
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token: marketer.token,
      body: {
        name,
        fromAddress: 'news@herald.example',
        subject: name,
        html:
          '<html><body><p>Hello {{ firstname }}, our autumn collection is here: warm coats, wool scarves and boots ' +
          'made to last, in every shop and online.</p><img src="https://cdn.herald.example/coat.jpg">' +
          '<p><a href="http://www.herald.example/autumn">See the collection</a></p>' +
          '<p><a href="{{ unsubscribe }}">Unsubscribe</a></p></body></html>',
        text: 'Hello, our autumn collection is here.',
      },
    });
    const mailing = await api.request<{ id: number }>('POST', '/mailings', {
      token: marketer.token,
      body: { name, documentId: document.body.id, targetType: 'DATABASE', databaseId },
    });
    expect(mailing.status).toBe(201);
    return mailing.body.id;
  }

  async function checksStep(viewport: { width: number; height: number }, mailingId: number): Promise<Page> {
    // Without the API's Content-Security-Policy, which forbids how axe gets into the page.
    const page = await browser.newPage({ viewport, bypassCSP: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(20_000);
    const path = `/admin/mailings/${mailingId}/edit`;
    await page.goto(`${stack.api.url}${path}`);
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel('Email').fill(marketer.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(marketer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === path);
    for (const next of ['Next: To whom', 'Next: Settings', 'Next: Checks'])
      await page.getByRole('button', { name: next }).click();
    await page.getByTestId('issue-checker').waitFor();
    return page;
  }

  beforeAll(async () => {
    ensureAdminBuilt();
    // No worker: the send is checked and queued, nothing is delivered.
    stack = await startE2eStack({ worker: false, catcher: false });
    marketer = await stack.newUser('MARKETER');
    databaseId = (await stack.prisma.database.create({ data: { accountId: stack.accountId, name: 'People' } })).id;
    await stack.prisma.profile.createMany({
      data: ['ada', 'bob', 'cy'].map((name) => ({
        accountId: stack.accountId,
        databaseId,
        email: `${name}@example.test`,
        values: {},
      })),
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('groups the findings, acknowledges the warnings and then sends (desktop)', async () => {
    const mailingId = await draftWithWarnings('Autumn');
    const page = await checksStep({ width: 1280, height: 900 }, mailingId);
    await expect
      .poll(() => page.getByTestId('issue-checker-summary').textContent())
      .toMatch(/warning\(s\) to acknowledge/);
    const warnings = page.getByTestId('findings-warning');
    await expect.poll(() => warnings.textContent()).toMatch(/no alternative text/);
    expect(await warnings.textContent()).toMatch(/not secure \(http\)/);
    expect(await warnings.textContent()).toMatch(/Where: HTML, line 1 · https:\/\/cdn\.herald\.example\/coat\.jpg/);
    expect(await warnings.getByRole('link', { name: 'Open the document' }).count()).toBeGreaterThan(0);
    // The sender's domain is none of the account's: that warning leads to the Sender domains page too.
    expect(await warnings.textContent()).toMatch(/not one of the account's sender domains/);
    // The app's base is /admin and the page's route admin/sender-domains, as the admin page links it.
    expect(await warnings.getByRole('link', { name: 'Open Sender domains' }).first().getAttribute('href')).toBe(
      '/admin/admin/sender-domains',
    );
    expect(await page.getByTestId('spam-rating').textContent()).toMatch(/Spam score -?\d+(\.\d+)? \(SpamAssassin\)/);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'i17-issue-checker-desktop.png');

    // Sending before acknowledging is refused, with the warnings named.
    await page.getByRole('button', { name: 'Next: Send' }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('button').last().click();
    await expect.poll(() => confirm.textContent()).toMatch(/unacknowledged warning/);
    const status = async () =>
      (await stack.api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token: marketer.token })).body
        .status;
    expect(await status()).toBe('DRAFT');
    await page.close();

    // Acknowledged in the check step, the send goes.
    const again = await checksStep({ width: 1280, height: 900 }, mailingId);
    const boxes = again.getByRole('checkbox', { name: 'I have read this and send anyway' });
    await boxes.first().waitFor();
    for (const box of await boxes.all()) await box.check();
    await again.getByRole('button', { name: /^Acknowledge \d+ warning/ }).click();
    await expect.poll(() => again.getByTestId('issue-checker-summary').textContent()).toMatch(/^Ready to send/);
    expect(await again.getByTestId('findings-warning').textContent()).toMatch(/Acknowledged/);
    const stored = await stack.prisma.checkAcknowledgement.findMany({ where: { mailingId } });
    expect(stored.map((a) => a.acknowledgedBy)).toEqual(stored.map(() => marketer.id));
    expect(stored.length).toBeGreaterThanOrEqual(2);
    await again.getByRole('button', { name: 'Next: Send' }).click();
    await again.getByRole('button', { name: 'Send now' }).click();
    await again.getByRole('dialog').getByRole('button').last().click();
    await expect.poll(status, { timeout: 20_000 }).not.toBe('DRAFT');
    expect(pageErrors).toEqual([]);
  });

  it('fits a phone, and passes axe there', async () => {
    const mailingId = await draftWithWarnings('Phone');
    const page = await checksStep({ width: 390, height: 844 }, mailingId);
    await page.getByTestId('findings-warning').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'i17-issue-checker-phone.png');
    expect(pageErrors).toEqual([]);
  });
});
