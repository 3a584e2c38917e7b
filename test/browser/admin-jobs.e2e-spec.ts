import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { acknowledgeWarnings, startE2eStack, type E2eStack } from '../support/e2e';

/** The platform's operator's user id: PLATFORM_OPERATORS is set before the API starts, so the user gets it after. */
const OPERATOR_ID = 900_001;

describe('admin page: jobs, approval and the audit log in a browser (issue 15)', () => {
  let stack: E2eStack;
  let browser: Browser;
  let admin: Awaited<ReturnType<E2eStack['newUser']>>;
  let queued: number;
  let draft: number;
  const pageErrors: string[] = [];

  async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await stack.api.request<T>(method, path, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function mailing(name: string, databaseId: number): Promise<number> {
    const { token } = stack;
    const document = await call<{ id: number }>(token, 'POST', '/documents', {
      name,
      fromAddress: 'news@herald.example',
      subject: name,
      html: '<p>Hello</p>',
    });
    return (
      await call<{ id: number }>(token, 'POST', '/mailings', {
        name,
        documentId: document.id,
        targetType: 'DATABASE',
        databaseId,
      })
    ).id;
  }

  async function loggedIn(
    viewport: { width: number; height: number },
    who: { email: string; password: string } = admin,
    path = '/admin/admin',
  ): Promise<Page> {
    // Without the API's Content-Security-Policy, which forbids how axe gets into the page.
    const page = await browser.newPage({ viewport, bypassCSP: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.api.url}${path}`);
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel('Email').fill(who.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === path);
    return page;
  }

  beforeAll(async () => {
    ensureAdminBuilt();
    // No worker: a sent mailing's dispatch job waits in its queue, where the admin page finds it.
    stack = await startE2eStack({ worker: false, catcher: false, config: { PLATFORM_OPERATORS: String(OPERATOR_ID) } });
    // The ADMIN is also the platform's operator, who alone may open the queue dashboard.
    const user = await stack.newUser('ADMIN');
    await stack.prisma.user.update({ where: { id: user.id }, data: { id: OPERATOR_ID } });
    admin = { ...user, id: OPERATOR_ID, token: await stack.api.login(user.email, user.password) };
    const databaseId = (await stack.prisma.database.create({ data: { accountId: stack.accountId, name: 'People' } }))
      .id;
    await stack.prisma.profile.create({
      data: { accountId: stack.accountId, databaseId, email: 'ada@example.test', values: {} },
    });
    await call(admin.token, 'PUT', '/settings/approval', { approvalRequired: true });
    // One mailing waits for approval; another was approved and sent, so its job waits.
    const weekly = await mailing('Weekly news', databaseId);
    await call(stack.token, 'POST', `/mailings/${weekly}/approval/request`);
    queued = await mailing('Queued one', databaseId);
    await call(stack.token, 'POST', `/mailings/${queued}/approval/request`);
    await call(admin.token, 'POST', `/mailings/${queued}/approval/decision`, { decision: 'APPROVED' });
    await acknowledgeWarnings(stack.api, stack.token, queued);
    await call(stack.token, 'POST', `/mailings/${queued}/send`);
    draft = await mailing('Needs asking', databaseId);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'approves a mailing, stops a queued one and shows both in the audit log (1280x800)',
    { timeout: 120_000 },
    async () => {
      const page = await loggedIn({ width: 1280, height: 800 });
      expect(await page.getByRole('switch', { name: 'Mailings need approval' }).isChecked()).toBe(true);

      const request = page.getByTestId('approval-row').filter({ hasText: 'Weekly news' });
      await request.waitFor();
      await page.getByTestId('job-row').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await request.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('dialog').getByLabel('Comment (optional)').fill('Looks good');
      await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
      await request.waitFor({ state: 'detached' });

      const job = page.getByTestId('job-row').filter({ hasText: 'Queued one' });
      await job.getByText('waiting').waitFor();
      await job.getByText('Test MARKETER').waitFor();
      await job.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Stop sending' }).click();
      await job.getByTestId('mailing-status').filter({ hasText: 'Cancelled' }).waitFor();
      // With the notifications showing: their close buttons have a name.
      await page.getByRole('button', { name: 'Close notification' }).first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      const audit = page.getByTestId('audit-row');
      await audit.filter({ hasText: 'mailing.stopped' }).waitFor();
      await audit.filter({ hasText: 'approval.approved' }).filter({ hasText: 'Looks good' }).waitFor();
      await saveScreenshot(page, 'i15-admin-jobs-desktop.png');
      // Its report says who ended it and when: "cancelled", as it had not started sending.
      await page.goto(`${stack.api.url}/admin/mailings/${queued}/report`);
      await page.getByText(/cancelled by Test ADMIN at/).waitFor();
      expect(pageErrors).toEqual([]);
      await page.close();
    },
  );

  it(
    "opens the queue dashboard from the admin page, past the API's security headers",
    { timeout: 60_000 },
    async () => {
      const page = await loggedIn({ width: 1280, height: 800 });
      const [dashboard] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('button', { name: 'Queue dashboard' }).click(),
      ]);
      await dashboard.waitForLoadState();
      expect(new URL(dashboard.url()).pathname).toBe('/queues');
      await dashboard.getByText('dispatch', { exact: true }).first().waitFor();
      await dashboard.close();
      await page.close();

      // An ADMIN who is not an operator is not offered it.
      const other = await stack.newUser('ADMIN');
      const refused = await loggedIn({ width: 1280, height: 800 }, other);
      const [access] = await Promise.all([
        refused.waitForResponse((response) => response.url().endsWith('/jobs/dashboard-access')),
        refused.reload(),
      ]);
      expect(access.status()).toBe(403);
      await refused.getByTestId('job-row').first().waitFor();
      expect(await refused.getByRole('button', { name: 'Queue dashboard' }).count()).toBe(0);
      await refused.close();
    },
  );

  it("lets the author ask for approval on the mailing's page", { timeout: 60_000 }, async () => {
    const page = await loggedIn({ width: 1280, height: 800 }, stack.user, `/admin/mailings/${draft}`);
    const approval = page.getByTestId('approval');
    await approval
      .getByTestId('approval-state')
      .filter({ hasText: /^not requested$/ })
      .waitFor();
    await approval.getByRole('button', { name: 'Request approval' }).click();
    await approval
      .getByTestId('approval-state')
      .filter({ hasText: /^requested$/ })
      .waitFor();
    expect(await approval.getByRole('button', { name: 'Request approval' }).count()).toBe(0);
    // Sending before an ADMIN decides is refused, saying why.
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /Send/ }).last().click();
    await page
      .getByRole('dialog')
      .getByText(/its approval request is still open/)
      .waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('fits a phone (390x844): the tables scroll inside their boxes, not the page', { timeout: 60_000 }, async () => {
    const page = await loggedIn({ width: 390, height: 844 });
    await page.getByTestId('job-row').first().waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'i15-admin-jobs-phone.png');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
