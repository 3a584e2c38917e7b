import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioSimulator, type SimulatedFate, type TwilioSimulator } from '@herald/twilio-simulator';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import { startE2eStack, type E2eStack } from '../support/e2e';
import { createUser } from '../support/factories';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const accountSid = `AC${'7'.repeat(32)}`;
const authToken = 'sms-browser-auth-token';

/** Profile n's number: +316 3000 0nnn; number 3 is never delivered (30003), the fifth is not a number. */
const numberOf = (n: number): string => `+3163000${String(n).padStart(4, '0')}`;
const fateOf = (to: string): SimulatedFate =>
  to === numberOf(3) ? { final: { status: 'undelivered', errorCode: 30003 } } : { final: { status: 'delivered' } };

// Issue 18: an SMS document typed in the admin app shows its segments and cost, is sent through the
// mailing form, and its results page fills in as Twilio's (the simulator's) status callbacks arrive.
describe('an SMS mailing in a browser', () => {
  let simulator: TwilioSimulator;
  let stack: E2eStack;
  let browser: Browser;
  let page: Page;
  let login: { email: string; password: string };
  const pageErrors: string[] = [];

  const choose = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  beforeAll(async () => {
    ensureAdminBuilt();
    // Callbacks come one to four seconds after each message, so the page is seen filling in.
    simulator = await startTwilioSimulator({ accountSid, authToken, callbackDelayMs: [1_000, 4_000], fateOf });
    stack = await startE2eStack({
      publicUrl: true,
      role: false,
      catcher: false,
      config: {
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_API_URL: simulator.url,
        TWILIO_FROM: 'Herald',
      },
    });
    const { accountId, prisma } = stack;
    login = await createUser(prisma, accountId, 'MARKETER');
    const database = await prisma.database.create({
      data: { accountId, name: 'Phones', fields: { create: [{ accountId, name: 'firstname', type: 'TEXT' }] } },
    });
    await prisma.profile.createMany({
      data: [1, 2, 3, 4, 5].map((n) => ({
        accountId,
        databaseId: database.id,
        mobile: n === 5 ? '+31 6 12' : numberOf(n),
        values: { firstname: `Name${n}` },
      })),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await simulator?.close();
  });

  it(
    'counts segments and cost as the text is typed, sends through the mailing form, fills in the results',
    { timeout: 180_000 },
    async () => {
      await page.goto(`${stack.api.url}/admin/login`);
      await page.getByLabel('Email').fill(login.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/login'));

      // The document: SMS chosen on the new-document page, the counter following every keystroke.
      await page.goto(`${stack.api.url}/admin/mailings/documents/new`);
      await page.locator('label').filter({ hasText: /^SMS$/ }).click();
      await page.waitForURL((url) => url.search === '?channel=SMS');
      // Exact: until the page re-renders for SMS, the email fields (Sender name) are still there.
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Flash sale');
      const message = page.getByRole('textbox', { name: 'Message' });
      const segments = page.getByTestId('sms-segments');
      await message.fill('a'.repeat(160));
      await segments.filter({ hasText: /^1 segment$/ }).waitFor();
      await page.getByTestId('sms-cost').filter({ hasText: '0.0079' }).waitFor();
      await message.press('End');
      await message.press('a');
      await segments.filter({ hasText: /^2 segments$/ }).waitFor();
      await page.getByTestId('sms-cost').filter({ hasText: '0.0158' }).waitFor();
      // One emoji makes the whole message UCS-2: 70 units a segment.
      await message.fill(`Hi {{ profile.firstname }}, 20% off today ${'😀'}`);
      await page.getByTestId('sms-encoding').filter({ hasText: 'UCS-2' }).waitFor();
      await segments.filter({ hasText: /^1 segment$/ }).waitFor();
      await saveScreenshot(page, 'i18-sms-document-desktop.png');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(500); // the navigation slides out of view on a narrow screen
      await saveScreenshot(page, 'i18-sms-document-phone.png');
      await page.setViewportSize(DESKTOP);
      await page.getByRole('button', { name: 'Create document' }).click();
      await page.getByRole('heading', { name: 'Flash sale' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toContain('20% off today');

      // The mailing: the same form as email's, without email's settings.
      await page.goto(`${stack.api.url}/admin/mailings/new`);
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Flash sale by SMS');
      await choose('Document', 'Flash sale');
      await page.getByTestId('chosen-document').getByText('SMS, 1 segment').waitFor();
      await page.getByRole('button', { name: 'Next: To whom' }).click();
      await choose('Database', 'Phones');
      await page.getByTestId('audience-count').getByText('5 recipients').waitFor();
      await page.getByRole('button', { name: 'Next: Settings' }).click();
      await page.getByText('Send once to numbers that occur more than once').waitFor();
      expect(await page.getByText('Track opens and clicks').count()).toBe(0);
      expect(await page.getByRole('textbox', { name: 'Reply-to address' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Next: Checks' }).click();
      await page.getByRole('button', { name: 'Next: Send' }).click();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByTestId('mailing-status').filter({ hasText: 'Draft' }).waitFor();

      // The issue checker's SMS warnings (the emoji's Unicode, no opt-out) are acknowledged, then it is sent.
      await page.getByRole('link', { name: 'Edit' }).click();
      for (const next of ['To whom', 'Settings', 'Checks'])
        await page.getByRole('button', { name: `Next: ${next}` }).click();
      const warnings = page.getByTestId('findings-warning');
      await expect.poll(() => warnings.textContent(), { timeout: 30_000 }).toMatch(/outside the SMS alphabet/);
      expect(await warnings.textContent()).toMatch(/how to stop receiving/);
      const boxes = page.getByRole('checkbox', { name: 'I have read this and send anyway' });
      await boxes.first().waitFor();
      for (const box of await boxes.all()) await box.check();
      await page.getByRole('button', { name: /^Acknowledge \d+ warning/ }).click();
      await expect
        .poll(() => page.getByTestId('issue-checker-summary').textContent(), { timeout: 30_000 })
        .toMatch(/^Ready to send/);
      await page.getByRole('button', { name: 'Next: Send' }).click();
      await page.getByRole('button', { name: 'Send now' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Send to 5 recipients' }).click();
      await page.getByTestId('mailing-status').filter({ hasText: 'Sent' }).waitFor({ timeout: 60_000 });

      // The results: filled in by the callbacks, read again while the page is open.
      await page.getByRole('link', { name: 'SMS results' }).click();
      await page.getByRole('heading', { name: 'Flash sale by SMS' }).waitFor();
      await page.getByTestId('sms-sent').filter({ hasText: /^4$/ }).waitFor();
      await page.getByTestId('sms-failed').filter({ hasText: /^1$/ }).waitFor();
      await page.getByTestId('sms-undelivered').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
      await page.getByTestId('sms-delivered').filter({ hasText: /^3$/ }).waitFor();
      // All three delivered messages had their delivery report.
      await page.getByText('3 confirmed by a delivery report, 0 awaiting one').waitFor();
      await page.getByTestId('sms-segments').filter({ hasText: /^4$/ }).waitFor();
      const failures = page.getByRole('table', { name: 'Failures by error code' });
      await failures.getByRole('row').filter({ hasText: '30003' }).waitFor();
      await saveScreenshot(page, 'i18-sms-results-desktop.png');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(500); // the navigation slides out of view on a narrow screen
      await saveScreenshot(page, 'i18-sms-results-phone.png');
      await page.setViewportSize(DESKTOP);

      // Its export: every destination with its status and Twilio's error code.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export recipients' }).click();
      await page.getByRole('menuitem', { name: 'Recipients as CSV' }).click();
      const csv = await (await download).createReadStream();
      let text = '';
      for await (const chunk of csv) text += String(chunk);
      expect(text).toContain('30003');
      expect(text.split('\n').filter((line) => line.trim() !== '')).toHaveLength(6);

      // The menu's SMS and fax page lists the sent mailing with a way to its results.
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'SMS and fax' }).click();
      await page.getByRole('link', { name: 'SMS results of Flash sale by SMS' }).click();
      await page.getByTestId('sms-sent').filter({ hasText: /^4$/ }).waitFor();

      expect(pageErrors).toEqual([]);
    },
  );
});
