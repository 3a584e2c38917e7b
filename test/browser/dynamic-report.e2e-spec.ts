import { readFile } from 'node:fs/promises';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { startStack } from '../support/stack';
import { logIn, seedShell, settle, type ShellSeed } from './shell-seed';

interface PivotCell {
  key: (string | null)[];
  values: Record<string, number | null>;
}

interface Pivot {
  cells: PivotCell[];
  totals: Record<string, number | null>;
  rowTotals: PivotCell[];
  columnTotals: PivotCell[];
}

interface Report {
  id: number | null;
  name: string;
  template: boolean;
  definition: { rows: unknown[]; columns: unknown[]; metrics: string[] };
}

/** A drag as a person makes it: press, move a little (dnd-kit starts after 5 px), move over the target in steps, release. */
async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 6, { steps: 4 });
  const to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.move(to.x + to.width / 2 + 3, to.y + to.height / 2 + 3, { steps: 2 });
  await page.mouse.up();
}

/** The row of the pivot table whose first cell reads `label`, as its cells' texts. */
async function rowTexts(page: Page, label: string): Promise<string[]> {
  const row = page
    .getByTestId('pivot-table')
    .locator('tbody tr', { has: page.getByRole('cell', { name: label, exact: true }) });
  return row.locator('td').allInnerTexts();
}

describe('dynamic report builder in a browser', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let seed: ShellSeed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startStack();
    seed = await seedShell(stack);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await logIn(page, stack);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'builds a report by dragging a dimension and a metric, saves it and reopens it',
    { timeout: 180_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/statistics/dynamic/new?mailingId=${seed.sentMailingId}`);
      await settle(page);
      await page.getByText('Add a metric to the values to see figures.').waitFor();

      await drag(page, page.getByRole('button', { name: /^city: drag/i }), page.getByTestId('zone-rows'));
      await page.getByTestId('chip-rows-field:city').waitFor();
      await drag(page, page.getByRole('button', { name: /^Sent: drag/ }), page.getByTestId('zone-metrics'));
      await page.getByTestId('chip-metrics-metric:sent').waitFor();
      // Without dragging (a phone): the add menu.
      await page.getByRole('button', { name: 'Add CTR' }).click();
      await page.getByRole('menuitem', { name: 'To values' }).click();
      await page.getByTestId('chip-metrics-metric:ctr').waitFor();

      // The figures are the API's for the same layout; by city they add up to the mailing's total.
      const expected = await seed.call<Pivot>('POST', '/dynamic-reports/query', {
        scope: { mailingId: seed.sentMailingId },
        rows: [{ kind: 'field', field: 'city' }],
        metrics: ['sent', 'ctr'],
      });
      expect(expected.totals.sent).toBe(4);
      await page.getByTestId('pivot-totals').getByText('4', { exact: true }).waitFor();
      for (const cell of expected.cells) {
        const city = cell.key[0] ?? '(none)';
        const ctr = cell.values.ctr;
        expect(await rowTexts(page, city)).toEqual([
          city,
          String(cell.values.sent),
          ctr === null || ctr === undefined ? '—' : `${ctr.toFixed(2)} %`,
        ]);
      }
      const london = await rowTexts(page, 'London');
      expect(london).toHaveLength(3);
      await page.getByTestId('pivot-chart').locator('.recharts-bar-rectangle').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'i19-dynamic-report-built.png');

      // The export is the same pivot as a file.
      await page.getByRole('button', { name: 'Export' }).click();
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'As CSV' }).click(),
      ]);
      const text = await readFile((await csv.path())!, 'utf8');
      expect(text.split(/\r?\n/)[0]).toMatch(/sent.*ctr/);
      expect(text).toMatch(/London/);

      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Save the report' });
      await dialog.getByLabel('Name').fill('Sent by city');
      await dialog.getByLabel('Share with everyone in the account').check();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/admin\/statistics\/dynamic\/\d+/);
      await page.getByRole('heading', { name: 'Sent by city', level: 2 }).waitFor();

      // Reopened from the list: the layout and the figures are back.
      await page.goto(`${stack.apiUrl}/admin/statistics/dynamic`);
      await settle(page);
      await page.getByRole('link', { name: 'Sent by city' }).click();
      await page.getByRole('heading', { name: 'Sent by city', level: 2 }).waitFor();
      await page.getByTestId('chip-rows-field:city').waitFor();
      await page.getByTestId('chip-metrics-metric:sent').waitFor();
      await page.getByTestId('chip-metrics-metric:ctr').waitFor();
      expect(await rowTexts(page, 'London')).toEqual(london);
      await page.getByTestId('pivot-totals').getByText('4', { exact: true }).waitFor();

      const saved = (await seed.call<Report[]>('GET', '/dynamic-reports')).find((r) => r.name === 'Sent by city');
      expect(saved?.definition).toMatchObject({ rows: [{ kind: 'field', field: 'city' }], metrics: ['sent', 'ctr'] });
      expect(pageErrors).toEqual([]);
    },
  );

  it('copies a template with "save as" into a report of ones own', { timeout: 120_000 }, async () => {
    await page.goto(`${stack.apiUrl}/admin/statistics/dynamic`);
    await settle(page);
    await page.getByRole('button', { name: 'Save as: By city' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save “By city” as' });
    await dialog.getByLabel('Name').fill('Our cities');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/statistics\/dynamic\/\d+/);
    await page.getByRole('heading', { name: 'Our cities', level: 2 }).waitFor();
    await page.getByTestId('chip-rows-field:city').waitFor();
    await page.getByTestId('pivot-totals').waitFor();

    const reports = await seed.call<Report[]>('GET', '/dynamic-reports');
    const template = reports.find((r) => r.template && r.name === 'By city')!;
    const copy = reports.find((r) => r.name === 'Our cities')!;
    expect(copy).toMatchObject({ template: false, definition: template.definition });
  });

  it(
    'moves an item with the keyboard, shows the API’s objection beside its zone, and filters',
    { timeout: 120_000 },
    async () => {
      // A layout saved for another database: its field is not one of this mailing's.
      const foreign = await seed.call<Report>('POST', '/dynamic-reports', {
        name: 'By shoe size',
        definition: { rows: [{ kind: 'field', field: 'shoe_size' }], metrics: ['sent'] },
      });
      await page.goto(`${stack.apiUrl}/admin/statistics/dynamic/${foreign.id}?mailingId=${seed.sentMailingId}`);
      await settle(page);
      const error = page.getByTestId('zone-rows-error');
      await error.waitFor();
      expect(await error.innerText()).toMatch(/shoe_size/);

      // Space lifts, an arrow moves to the next zone, space drops.
      const handle = page.getByRole('button', { name: /^Day: drag/ });
      await handle.focus();
      await page.keyboard.press('Space');
      await page.waitForTimeout(200);
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(150);
      }
      await page.keyboard.press('Space');
      await page.locator('[data-testid="chip-rows-day"], [data-testid="chip-columns-day"]').waitFor();
      await page.getByRole('button', { name: 'Remove shoe_size from rows' }).click();
      await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(0);
      await page.getByTestId('pivot-totals').waitFor();

      // A filter keeps London's destinations only: one of the four.
      await page.getByRole('button', { name: /^Remove Day from / }).click();
      await page.getByTestId('pivot-totals').getByText('4', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Add filter' }).click();
      await page.getByRole('menuitem', { name: 'city', exact: true }).click();
      const values = page.getByRole('combobox', { name: 'Keep only these values of city' });
      await values.fill('London');
      await values.press('Enter');
      await page.getByTestId('pivot-totals').getByText('1', { exact: true }).waitFor();
      expect(await page.getByTestId('pivot-table').locator('tbody tr').allInnerTexts()).toHaveLength(1);
    },
  );

  it('totals each row and each column as the API does, at desktop and phone size', { timeout: 120_000 }, async () => {
    const definition = {
      rows: [{ kind: 'field', field: 'city' }],
      columns: [{ kind: 'day' }],
      metrics: ['sent', 'ctr'],
    };
    const report = await seed.call<Report>('POST', '/dynamic-reports', { name: 'City by day', definition });
    const expected = await seed.call<Pivot>('POST', '/dynamic-reports/query', {
      ...definition,
      scope: { mailingId: seed.sentMailingId },
    });
    const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} %`);
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await page.goto(`${stack.apiUrl}/admin/statistics/dynamic/${report.id}?mailingId=${seed.sentMailingId}`);
      await settle(page);
      await page.getByTestId('pivot-totals').waitFor();
      // The footer: each day's total, then the grand total, metric by metric.
      const footer = await page.getByTestId('pivot-totals').locator('td').allInnerTexts();
      expect(footer).toEqual([
        ...expected.columnTotals.flatMap((c) => [String(c.values.sent), percent(c.values.ctr)]),
        String(expected.totals.sent),
        percent(expected.totals.ctr),
      ]);
      // London's row ends with its total over the days.
      const london = expected.rowTotals.find((r) => r.key[0] === 'London')!;
      expect((await rowTexts(page, 'London')).slice(-2)).toEqual([
        String(london.values.sent),
        percent(london.values.ctr),
      ]);
      // The page itself does not scroll sideways; the table scrolls inside its frame.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, `i19-dynamic-report-totals-${viewport.width}.png`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
