import { readFile } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot } from '../support/browser';
import { startStack } from '../support/stack';

/** As Dutch Excel saves "CSV (puntkomma-gescheiden)": semicolons, day-first dates, commas inside cells, CRLF. */
const DUTCH_CSV = [
  'E-mailadres;Voornaam;Geboortedatum;Woonplaats',
  'anna@example.nl;Anna;31-12-1990;Utrecht, Lombok',
  'bram@example.nl;Bram;05-01-1985;Den Haag',
  'els@example.nl;Els;17-03-1978;Gouda',
  'cees@example.nl;Cees;31-02-1990;Delft',
  '',
].join('\r\n');

async function choose(page: Page, combobox: string, option: string, scope = page.locator('body')): Promise<void> {
  await scope.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('data entry in a browser: field labels, conditions and a Dutch import', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'creates a field "first name", conditions on city with a value box, and imports day-first dates',
    { timeout: 240_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/login`);
      // The first load of the bundle is slow on a busy machine.
      await page.getByLabel('Email').waitFor({ timeout: 60_000 });
      await page.getByLabel('Email').fill(stack.login.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(stack.login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/login'));
      await page.goto(`${stack.apiUrl}/admin/databases`);
      await page.getByRole('button', { name: 'New database' }).waitFor({ timeout: 60_000 });

      // A database with a city and a date field, named by labels.
      await page.getByRole('button', { name: 'New database' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill('Klanten');
      await dialog.getByRole('button', { name: 'Add field' }).click();
      await dialog.getByPlaceholder('Label, e.g. first name').nth(0).fill('city');
      await dialog.getByRole('button', { name: 'Add field' }).click();
      await dialog.getByPlaceholder('Label, e.g. first name').nth(1).fill('Birth date');
      await dialog.getByRole('combobox', { name: 'Field type' }).nth(1).click();
      await page.getByRole('option', { name: 'Date', exact: true }).click();
      await dialog.getByRole('button', { name: 'Create database' }).click();
      await page.getByRole('heading', { name: 'Klanten', level: 2 }).waitFor();
      const databaseUrl = /^.*\/databases\/\d+/.exec(page.url())![0];

      // "first name" is a label; the key templates use is made from it.
      await page.getByRole('tab', { name: 'Fields' }).click();
      await page.getByPlaceholder('Label, e.g. first name').fill('first name');
      await page.getByRole('button', { name: 'Add field', exact: true }).click();
      const firstName = page.getByRole('row').filter({ hasText: 'first name' });
      await firstName.waitFor();
      expect(await firstName.textContent()).toContain('{{ first_name }}');
      expect(await page.getByRole('row').filter({ hasText: 'Birth date' }).textContent()).toContain('{{ birth_date }}');
      await saveScreenshot(page, 'i13-data-fields-desktop.png');

      // Import a Dutch Excel CSV: the date format is proposed from the preview.
      await page.getByRole('tab', { name: /^Profiles/ }).click();
      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import profiles' }).waitFor();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'klanten.csv', mimeType: 'text/csv', buffer: Buffer.from(DUTCH_CSV) });
      await page.getByRole('table', { name: 'Column mapping' }).waitFor();
      await choose(page, 'Import E-mailadres into', 'Email');
      await choose(page, 'Import Voornaam into', 'first name');
      await choose(page, 'Import Geboortedatum into', 'Birth date');
      await choose(page, 'Import Woonplaats into', 'city');
      const dates = page.getByRole('combobox', { name: 'Dates in the file are written as' });
      expect(await dates.inputValue()).toBe('dd-mm-yyyy (31-12-2024)');
      await saveScreenshot(page, 'i13-data-import-mapping-desktop.png');
      await page.getByRole('button', { name: 'Start import' }).click();

      await page.waitForURL(/\/imports\/\d+$/);
      await page
        .getByTestId('import-status')
        .filter({ hasText: /^(Done|Failed)$/ })
        .waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-status').textContent()).toBe('Done');
      expect(await page.getByTestId('import-created').textContent()).toBe('3');
      expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
      expect(await page.getByTestId('import-date-format').textContent()).toBe('Dates read as dd-mm-yyyy');
      const rejected = page.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
      await rejected.first().waitFor();
      expect(await rejected.count()).toBe(1);
      const cells = await rejected.first().locator('td').allTextContents();
      expect(cells.slice(0, 3)).toEqual(['5', 'Geboortedatum', '31-02-1990']);
      expect(cells[3]).toContain('must be a date written dd-mm-yyyy');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download as CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^import-\d+-rejected-rows\.csv$/);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\n')[0]).toBe('line,column,value,reason');
      expect(csv).toContain('5,Geboortedatum,31-02-1990,');

      await saveScreenshot(page, 'i13-data-import-result-desktop.png');
      await page.setViewportSize({ width: 390, height: 844 });
      await saveScreenshot(page, 'i13-data-import-result-phone.png');
      await page.setViewportSize({ width: 1280, height: 800 });

      // The dates are stored as the days they are, and a comma inside a cell stays in it.
      await page.getByRole('link', { name: 'View profiles' }).click();
      const rows = page.getByTestId('profile-row');
      await rows.nth(2).waitFor();
      const table = (await page.getByRole('table', { name: 'Profiles' }).textContent()) ?? '';
      for (const text of ['1990-12-31', '1985-01-05', '1978-03-17', 'Utrecht, Lombok']) expect(table).toContain(text);
      expect(table).not.toContain('cees@example.nl');

      // A condition starts on the first field with a value box; a field chosen later starts its operator over.
      await page.goto(`${databaseUrl}/selections/new`);
      const condition = page.getByTestId('condition').first();
      await condition.waitFor();
      expect(await condition.getByRole('combobox', { name: 'Field' }).inputValue()).toBe('city');
      expect(await condition.getByRole('combobox', { name: 'Operator' }).inputValue()).toBe('is');
      await choose(page, 'Field', 'Email address', condition);
      await choose(page, 'Operator', 'is not empty', condition);
      expect(await condition.getByRole('textbox', { name: 'Value' }).count()).toBe(0);
      await choose(page, 'Field', 'city', condition);
      expect(await condition.getByRole('combobox', { name: 'Operator' }).inputValue()).toBe('is');
      await condition.getByRole('textbox', { name: 'Value' }).fill('Gouda');
      await page.getByTestId('live-count').filter({ hasText: /^1$/ }).waitFor();
      // createdAt is a moment: only "is" and "is between" are offered, as the API accepts.
      await choose(page, 'Field', 'Added on', condition);
      await condition.getByRole('combobox', { name: 'Operator' }).click();
      expect(await page.getByRole('option').allTextContents()).toEqual(['is', 'is between']);
      await page.keyboard.press('Escape');
      await saveScreenshot(page, 'i13-data-condition-desktop.png');

      expect(pageErrors).toEqual([]);
    },
  );
});
