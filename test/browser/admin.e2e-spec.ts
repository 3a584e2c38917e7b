import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import { startStack } from '../support/stack';

const CSV = [
  'email,city,first name',
  'ada@example.test,London,Ada',
  'grace@example.test,New York,Grace',
  'edsger@example.test,Amsterdam,Edsger',
  'not-an-email,Nowhere,Nobody',
].join('\n');

describe('admin app in a browser', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The API serves the built app; build it if this checkout has not yet.
    ensureAdminBuilt();
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'logs in, creates a database, imports a CSV, lists its profiles and selects some of them',
    { timeout: 180_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/`);

      // Not logged in: the app sends us to the login page.
      await page.waitForURL(/\/admin\/login/);
      await page.getByLabel('Email').fill(stack.login.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(stack.login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The first screen is the home page; a new account's next step there is a database.
      await page.getByRole('heading', { name: 'Home', level: 2 }).waitFor();
      await page.getByTestId('next-step-database').getByRole('link', { name: 'Create a database' }).click();
      await page.getByRole('heading', { name: 'Databases', level: 2 }).waitFor();

      const databaseName = `Customers ${Date.now()}`;
      await page.getByRole('button', { name: 'New database' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill(databaseName);
      await dialog.getByRole('button', { name: 'Add field' }).click();
      await dialog.getByPlaceholder('Label, e.g. first name').fill('city');
      await dialog.getByRole('button', { name: 'Create database' }).click();
      await page.getByRole('heading', { name: databaseName, level: 2 }).waitFor();

      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import profiles' }).waitFor();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

      // The headers come back from the preview and map themselves by name; "first name" has no field and is skipped.
      const mapping = page.getByRole('table', { name: 'Column mapping' });
      await mapping.waitFor();
      expect(await mapping.locator('tbody tr').count()).toBe(3);
      await expect(page.getByRole('combobox', { name: 'Import email into' }).inputValue()).resolves.toBe('Email');
      await expect(page.getByRole('combobox', { name: 'Import city into' }).inputValue()).resolves.toBe('city');
      await page.getByRole('button', { name: 'Start import' }).click();

      await page.waitForURL(/\/imports\/\d+$/);
      await page
        .getByTestId('import-status')
        .filter({ hasText: /^(Done|Failed)$/ })
        .waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-status').textContent()).toBe('Done');
      expect(await page.getByTestId('import-created').textContent()).toBe('3');
      expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
      const rejections = page.getByRole('table', { name: 'Rejected rows' });
      await rejections.waitFor();
      const rejectedRows = rejections.locator('tbody tr');
      await expect(rejectedRows.count()).resolves.toBe(1);
      expect(await rejectedRows.first().locator('td').first().textContent()).toMatch(/^\d+$/);

      await page.getByRole('link', { name: 'View profiles' }).click();
      const rows = page.getByTestId('profile-row');
      await rows.nth(2).waitFor();
      await expect(rows.count()).resolves.toBe(3);
      const table = (await page.getByRole('table', { name: 'Profiles' }).textContent()) ?? '';
      for (const text of [
        'ada@example.test',
        'grace@example.test',
        'edsger@example.test',
        'London',
        'New York',
        'Amsterdam',
      ]) {
        expect(table).toContain(text);
      }
      expect(table).not.toContain('not-an-email');
      expect(await page.getByTestId('profiles-total').textContent()).toBe('3 profiles');

      await saveScreenshot(page, 'profiles-page.png');

      // A selection: the live count follows the conditions as they change, then the saved one previews its profiles.
      await page.getByRole('tab', { name: 'Selections' }).click();
      await page.getByRole('link', { name: 'New selection' }).click();
      await page.getByLabel('Name').fill('Londoners');
      const liveCount = page.getByTestId('live-count');
      await liveCount.filter({ hasText: /^3$/ }).waitFor();
      await page.getByRole('combobox', { name: 'Field' }).click();
      await page.getByRole('option', { name: 'city', exact: true }).click();
      await page.getByRole('combobox', { name: 'Operator' }).click();
      await page.getByRole('option', { name: 'is', exact: true }).click();
      await page.getByRole('textbox', { name: 'Value' }).fill('London');
      await liveCount.filter({ hasText: /^1$/ }).waitFor();
      await page.getByRole('button', { name: 'Save selection' }).click();
      await page.getByRole('heading', { name: 'Londoners', level: 2 }).waitFor();
      await page.getByTestId('selection-count').filter({ hasText: /^1$/ }).waitFor();
      const previewRows = page.getByTestId('profile-row');
      await previewRows.first().waitFor();
      expect(await previewRows.count()).toBe(1);
      expect(await previewRows.first().textContent()).toContain('ada@example.test');

      expect(pageErrors).toEqual([]);
    },
  );
});
