import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { BROWSER_AGENT, caughtMail, waitFor } from '../support/e2e';
import { startStack } from '../support/stack';

const PROFILES = 40;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// Issue 16: a split-run with two subjects made in the mailing form's split-run step, at desktop and phone
// size, and its variants compared on its page.
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
    // bypassCSP: axe is injected as a script, which the admin app's CSP would refuse.
    page = await browser.newPage({ viewport: DESKTOP, bypassCSP: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The mailing form up to its settings, with the split-run switched on: a name, the document, the database. */
  async function formToSplitRunStep(name: string): Promise<void> {
    await page.goto(`${stack.apiUrl}/admin/mailings/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await choose('Document', 'Autumn offer');
    await page.getByRole('button', { name: 'Next: To whom' }).click();
    await choose('Database', 'Readers');
    await page.getByTestId('audience-count').getByText('40 recipients').waitFor();
    await page.getByRole('button', { name: 'Next: Settings' }).click();
    await page.getByRole('switch', { name: 'Test variants first (a split-run)' }).click();
    await page.getByRole('textbox', { name: 'Subject of variant A' }).fill('Autumn is here');
    await page.getByRole('textbox', { name: 'Subject of variant B' }).fill('Last days of autumn');
    // The live count of each group and of the rest, over the target as it is now.
    await page.getByText('The rest, 50 % (20 recipients), receives the winner.').waitFor();
    await page.getByRole('group', { name: 'Variant A' }).getByText('10 recipients').waitFor();
  }

  it(
    'at phone size, the split-run step counts the groups live and saves the split-run without starting it',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${stack.apiUrl}/admin/login`);
      await page.getByLabel('Email').fill(stack.login.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(stack.login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/login'));

      await page.setViewportSize(PHONE);
      try {
        await formToSplitRunStep('Phone test');
        await page.getByRole('textbox', { name: 'Test group of variant B (%)' }).fill('40');
        await page.getByText('The rest, 35 % (14 recipients), receives the winner.').waitFor();
        await page.getByRole('group', { name: 'Variant B' }).getByText('16 recipients').waitFor();
        await page.getByRole('textbox', { name: 'Variant B goes after (minutes)' }).fill('90');
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
        await saveScreenshot(page, 'i16-split-run-step-phone.png');
        await page.getByRole('button', { name: 'Next: Checks' }).click();
        await page.getByRole('button', { name: 'Next: Send' }).click();
        await page
          .getByText(
            'A and B go to test groups of 10 and 16; 4 hours after the last group goes, the winner goes to the other 14.',
          )
          .waitFor();
        await page.getByRole('button', { name: 'Save split-run' }).click();
        await page.waitForURL(/\/admin\/mailings\/split-runs\/\d+$/);
        await page.getByRole('table', { name: 'Test groups' }).getByText('16 recipients').waitFor();
        await page.getByRole('heading', { name: 'Phone test' }).waitFor();
        // Stopped before it started: the page says so, and nothing was sent.
        await page.getByRole('button', { name: 'Stop before the rest' }).click();
        await page
          .getByTestId('split-run-state')
          .getByText(/^Stopped at .*: the rest receives no winner/)
          .waitFor();
        expect(stack.catcher.messages()).toHaveLength(0);
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    },
  );

  it(
    'in an account that requires approval, the author requests it once for the split-run and starts it once approved',
    { timeout: 120_000 },
    async () => {
      await stack.prisma.account.update({ where: { id: stack.accountId }, data: { approvalRequired: true } });
      try {
        await formToSplitRunStep('Needs approval');
        await page.getByRole('button', { name: 'Next: Checks' }).click();
        await page.getByRole('button', { name: 'Next: Send' }).click();
        await page.getByRole('button', { name: 'Save split-run' }).click();
        await page.waitForURL(/\/admin\/mailings\/split-runs\/\d+$/);
        const panel = page.getByTestId('split-run-approval');
        await panel.getByText('A: not requested').waitFor();
        await page.getByRole('button', { name: 'Start: send the test groups' }).click();
        await page.getByText(/needs the approval of an ADMIN other than its author/).waitFor();
        await panel.getByRole('button', { name: 'Request approval' }).click();
        await panel.getByText('B: requested').waitFor();
        // The author is a MARKETER: no decision here. Another ADMIN approves (on the Admin page).
        expect(await panel.getByRole('button', { name: 'Approve the split-run' }).count()).toBe(0);
        const id = Number(new URL(page.url()).pathname.split('/').pop());
        const variants = await stack.prisma.splitRunVariant.findMany({ where: { splitRunId: id } });
        await stack.prisma.approval.updateMany({
          where: { mailingId: { in: variants.map((v) => v.mailingId!) }, decision: null, supersededAt: null },
          data: { decision: 'APPROVED', decidedAt: new Date() },
        });
        await page.reload();
        await panel.getByText('Approved: it can start.', { exact: false }).waitFor();
        await saveScreenshot(page, 'i16-split-run-approved.png');
        await page.getByRole('button', { name: 'Start: send the test groups' }).click();
        await page.getByText('Split-run · Testing').or(page.getByText('Split-run · Waiting')).first().waitFor();
        await waitFor(
          () => stack.catcher.messages().length,
          (n) => n === 20,
          { timeoutMs: 60_000, what: 'the approved split-run’s test groups' },
        );
        // The next test counts its own messages.
        stack.catcher.clear();
      } finally {
        await stack.prisma.account.update({ where: { id: stack.accountId }, data: { approvalRequired: false } });
      }
    },
  );

  it(
    'starts a split-run with two subjects from the mailing form and reads B ahead on the comparison',
    { timeout: 180_000 },
    async () => {
      await formToSplitRunStep('Which subject?');
      await choose('The winner is the variant with', 'Most unique clicks');
      await page.getByRole('textbox', { name: 'Waiting period' }).fill('30');
      await page
        .getByRole('radiogroup', { name: 'Unit of the waiting period' })
        .getByText('minutes', { exact: true })
        .click();
      await page.getByText(/can be told apart with 80 % power/).waitFor();
      await saveScreenshot(page, 'i16-split-run-step.png');
      await page.getByRole('button', { name: 'Next: Checks' }).click();
      await page.getByRole('button', { name: 'Next: Send' }).click();
      const summary =
        'A and B go to test groups of 10 and 10; 30 minutes after the test groups go, the winner goes to the other 20.';
      await page.getByTestId('split-run-summary').getByText(summary).waitFor();
      await page.getByRole('button', { name: 'Start split-run' }).click();
      await page.getByTestId('confirm-split-run').getByText(summary).waitFor();
      await page.getByRole('button', { name: 'Start: send the test groups' }).click();
      await page.waitForURL(/\/admin\/mailings\/split-runs\/\d+$/);

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
      // The mailings page lists the split-runs, each to its page.
      await page.goto(`${stack.apiUrl}/admin/mailings`);
      await page.getByRole('table', { name: 'Split-runs' }).getByRole('link', { name: 'Which subject?' }).click();
      const splitRunUrl = (await page.getByRole('table', { name: 'Variants side by side' }).waitFor(), page.url());
      // A variant's report leads back to the comparison.
      await page
        .getByRole('table', { name: 'Variants side by side' })
        .getByRole('link', { name: 'B', exact: true })
        .click();
      await page.waitForURL(/\/admin\/mailings\/\d+\/report$/);
      const variantReportUrl = page.url();
      await page.getByRole('link', { name: 'Split-run comparison' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Split-run comparison' }).click();
      await page.waitForURL(splitRunUrl);
      await page.getByRole('table', { name: 'Variants side by side' }).waitFor();
      // On a phone the report's header, with its three actions, fits the screen.
      const desktop = page.viewportSize()!;
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(variantReportUrl);
      await page.getByRole('link', { name: 'Split-run comparison' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'i16-variant-report-phone.png');
      await page.setViewportSize(desktop);
      expect(pageErrors).toEqual([]);
    },
  );
});
