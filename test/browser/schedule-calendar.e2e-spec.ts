import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { acknowledgeWarnings, startE2eStack, type E2eStack } from '../support/e2e';

// Issue 15's acceptance in a browser: a marketer schedules a recurring mailing in the form; it shows in the
// calendar (next month, found by its navigation) and on the admin jobs page, where an ADMIN deactivates it;
// a skipped run shows with its reason. Without a worker, the schedule's job waits in its queue.
describe('the schedules calendar and the admin jobs page in a browser (issue 15)', () => {
  let stack: E2eStack;
  let browser: Browser;
  let admin: Awaited<ReturnType<E2eStack['newUser']>>;
  const pageErrors: string[] = [];
  const ZONE = 'Europe/Amsterdam';
  const now = new Date();
  const nextMonth = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  const firstRun = `${nextMonth.getFullYear()}-${String(nextMonth.getMonth() + 1).padStart(2, '0')}-01T09:30`;
  const nextMonthTitle = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' }).format(nextMonth);

  async function loggedIn(
    who: { email: string; password: string },
    path: string,
    viewport = { width: 1280, height: 800 },
  ): Promise<Page> {
    // In the schedule's zone, so its 09:30 reads as 09:30; without the API's CSP, which keeps axe out.
    const context = await browser.newContext({ viewport, timezoneId: ZONE, locale: 'en-GB', bypassCSP: true });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.api.url}/admin${path}`);
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel('Email').fill(who.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === `/admin${path}`);
    return page;
  }

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startE2eStack({ worker: false, catcher: false });
    admin = await stack.newUser('ADMIN');
    const { accountId, prisma } = stack;
    const database = await prisma.database.create({ data: { accountId, name: 'Readers' } });
    await prisma.profile.create({
      data: { accountId, databaseId: database.id, email: 'ann@example.test', values: {} },
    });
    const document = await stack.api.request('POST', '/documents', {
      token: stack.token,
      body: {
        name: 'Digest',
        fromAddress: 'news@herald.test',
        subject: 'Your digest',
        html: '<p>Hello</p><a href="{{ unsubscribe }}">Unsubscribe</a>',
      },
    });
    expect(document.status).toBe(201);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'schedules a daily mailing in the form, finds its runs next month in the calendar and deactivates it on the jobs page',
    { timeout: 240_000 },
    async () => {
      const page = await loggedIn(stack.user, '/mailings/new');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Daily digest');
      await page.getByRole('combobox', { name: 'Document' }).click();
      await page.getByRole('option', { name: 'Digest', exact: true }).click();
      await page.getByRole('button', { name: 'Next: To whom' }).click();
      await page.getByRole('combobox', { name: 'Database' }).click();
      await page.getByRole('option', { name: 'Readers', exact: true }).click();
      await page.getByTestId('audience-count').getByText('1 recipient').waitFor();
      // On to the last step, whichever steps the form has (a new mailing's include the split-run's).
      const next = page.getByRole('button', { name: /^Next: / });
      while ((await next.count()) > 0) await next.click();
      // Saved as a draft and its warnings acknowledged (the sender's: news@herald.test is no sender domain of
      // the account), as the Checks step does (test/browser/issue-checker.e2e-spec.ts): unacknowledged, the
      // schedule is refused with 409. Then scheduled from the draft's own form.
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/admin\/mailings\/\d+$/);
      const draftId = Number(new URL(page.url()).pathname.split('/').pop());
      await acknowledgeWarnings(stack.api, stack.token, draftId);
      await page.goto(`${stack.api.url}/admin/mailings/${draftId}/edit`);
      await next.first().waitFor();
      while ((await next.count()) > 0) await next.click();
      await page.getByRole('button', { name: 'Schedule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Schedule this mailing' });
      await dialog.getByText('Daily', { exact: true }).click();
      await dialog.getByLabel('First run').fill(firstRun);
      await dialog.getByLabel('Time zone').fill(ZONE);
      await dialog.getByText('A number of runs').click();
      await dialog.getByRole('textbox', { name: 'Runs', exact: true }).fill('5');
      await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
      await page.waitForURL(/\/admin\/mailings\/\d+$/);
      const mailingId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByTestId('schedule-summary').filter({ hasText: '5 runs' }).waitFor();

      // The calendar: this month has none of its runs (the first is on the 1st of next month); the next has five.
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Schedules' }).click();
      await page.getByRole('heading', { name: 'Schedules', level: 2 }).waitFor();
      const row = page.getByTestId('schedule-row').filter({ hasText: 'Daily digest' });
      await row.getByText('Active').waitFor();
      await page.getByRole('button', { name: 'Next month' }).click();
      await page.getByTestId('calendar-title').filter({ hasText: nextMonthTitle }).waitFor();
      const runs = page.getByTestId('calendar-run');
      await runs.first().waitFor();
      expect(await runs.allTextContents()).toEqual(Array(5).fill('09:30 Daily digest'));
      const firstDay = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
      const first = page.getByRole('region', { name: firstDay.format(nextMonth), exact: true });
      expect(await first.getByTestId('calendar-run').allTextContents()).toEqual(['09:30 Daily digest']);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'i15-schedules-calendar-desktop.png');
      // The week view of the same week holds the runs that fall in it; the link opens the mailing.
      await page.getByText('Week', { exact: true }).click();
      await page.getByTestId('calendar-title').filter({ hasText: /–/ }).waitFor();
      await runs.first().click();
      await page.waitForURL(new RegExp(`/admin/mailings/${mailingId}$`));
      await page.context().close();

      // The ADMIN sees its job, scheduled for the first run, and deactivates the schedule there.
      const adminPage = await loggedIn(admin, '/admin');
      const job = adminPage.getByTestId('job-row').filter({ hasText: 'Daily digest' });
      await job.getByText('scheduled', { exact: true }).waitFor();
      await job.getByText('fire-schedule').waitFor();
      await job.getByRole('button', { name: 'Deactivate the schedule of Daily digest' }).click();
      await adminPage.getByText('“Daily digest” deactivated').waitFor();
      await job.waitFor({ state: 'detached' });
      const audit = adminPage.getByTestId('audit-row').filter({ hasText: 'schedule.deactivated' });
      await audit.waitFor();

      // Deactivated: no run in the calendar, and the list says so.
      await adminPage.goto(`${stack.api.url}/admin/schedules`);
      await adminPage.getByTestId('schedule-row').filter({ hasText: 'Deactivated' }).waitFor();
      await adminPage.getByRole('button', { name: 'Next month' }).click();
      await adminPage.getByTestId('calendar-title').filter({ hasText: nextMonthTitle }).waitFor();
      await adminPage.getByTestId('calendar').waitFor();
      expect(await adminPage.getByTestId('calendar-run').count()).toBe(0);
      const schedule = await stack.prisma.schedule.findFirstOrThrow({ where: { mailingId } });
      expect(schedule).toMatchObject({ active: false, nextRunAt: null });
      expect(pageErrors).toEqual([]);
      await adminPage.context().close();
    },
  );

  it(
    'shows a skipped run with its reason on the schedules page and the mailing, and fits a phone',
    { timeout: 120_000 },
    async () => {
      const schedule = await stack.prisma.schedule.findFirstOrThrow({ where: { accountId: stack.accountId } });
      await stack.prisma.scheduleRun.create({
        data: {
          accountId: stack.accountId,
          scheduleId: schedule.id,
          occurrenceAt: new Date(Date.now() - 3_600_000),
          status: 'SKIPPED',
          reason: 'the target is empty',
        },
      });
      // Reactivated, so the calendar has its runs again.
      expect(
        (await stack.api.request('POST', `/mailings/${schedule.mailingId}/schedule/activate`, { token: stack.token }))
          .status,
      ).toBe(200);
      const page = await loggedIn(stack.user, '/schedules', { width: 390, height: 844 });
      await page
        .getByTestId('schedule-row')
        .getByTestId('skipped-run')
        .filter({ hasText: 'Skipped: the target is empty' })
        .waitFor();
      await page.getByRole('button', { name: 'Next month' }).click();
      await page.getByTestId('calendar-title').filter({ hasText: nextMonthTitle }).waitFor();
      await page.getByTestId('calendar-run').first().waitFor();
      // On a phone the days with runs are listed one under another; the page never scrolls sideways.
      expect(await page.getByTestId('calendar-run').count()).toBe(5);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'i15-schedules-calendar-phone.png');

      await page.goto(`${stack.api.url}/admin/mailings/${schedule.mailingId}`);
      await page.getByTestId('schedule-panel').getByText('Skipped: the target is empty').waitFor();
      expect(pageErrors).toEqual([]);
      await page.context().close();
    },
  );

  it(
    "skips one run from the mailing's schedule and lets it go again, struck through in the calendar, on a desktop and a phone",
    { timeout: 120_000 },
    async () => {
      const schedule = await stack.prisma.schedule.findFirstOrThrow({ where: { accountId: stack.accountId } });
      const page = await loggedIn(stack.user, `/mailings/${schedule.mailingId}`);
      const runsToCome = page.getByRole('table', { name: 'Runs to come' });
      await runsToCome
        .getByRole('button', { name: /^Skip the run of / })
        .first()
        .waitFor();
      expect(await runsToCome.getByRole('row').count()).toBe(5);
      await runsToCome
        .getByRole('button', { name: /^Skip the run of / })
        .first()
        .click();
      await page.getByText(/^The run of .* is skipped$/).waitFor();
      const skippedRow = runsToCome.getByRole('row').filter({ hasText: 'Skipped' });
      await skippedRow.getByRole('button', { name: /^Restore the run of / }).waitFor();
      expect(await runsToCome.getByRole('row').first().textContent()).toContain('Skipped');
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'i15-skip-run-desktop.png');
      const stored = await stack.prisma.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
      expect(stored.skippedOccurrences).toEqual([schedule.nextRunAt]);
      expect(stored.nextRunAt!.getTime() - schedule.nextRunAt!.getTime()).toBe(86_400_000);

      // The calendar: the first run of next month struck through and said to be skipped, the other four as planned.
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Schedules' }).click();
      await page.getByRole('button', { name: 'Next month' }).click();
      await page.getByTestId('calendar-title').filter({ hasText: nextMonthTitle }).waitFor();
      await page.getByTestId('calendar-run').first().waitFor();
      expect(await page.getByTestId('calendar-run').allTextContents()).toEqual([
        '09:30 Daily digest (skipped)',
        ...Array(4).fill('09:30 Daily digest'),
      ]);
      await page.context().close();

      // On a phone: the runs to come fit, and the skipped run goes again.
      const phone = await loggedIn(stack.user, `/mailings/${schedule.mailingId}`, { width: 390, height: 844 });
      const phoneRuns = phone.getByRole('table', { name: 'Runs to come' });
      await phoneRuns.getByRole('button', { name: /^Restore the run of / }).click();
      await phone.getByText(/^The run of .* goes again$/).waitFor();
      await phoneRuns.getByRole('row').filter({ hasText: 'Skipped' }).waitFor({ state: 'detached' });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await seriousViolations(phone)).toEqual([]);
      await saveScreenshot(phone, 'i15-skip-run-phone.png');
      const restored = await stack.prisma.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
      expect(restored).toMatchObject({ skippedOccurrences: [], nextRunAt: schedule.nextRunAt });
      expect(pageErrors).toEqual([]);
      await phone.context().close();
    },
  );
});
