import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSurveyToken, surveyUrl } from '@herald/templating';
import { ensureAdminBuilt, launchChromium, saveScreenshot, seriousViolations } from '../support/browser';
import { sendMailing, startE2eStack, type E2eStack } from '../support/e2e';
import { createUser } from '../support/factories';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// Issue 19: a survey built in the admin app, answered on its public page on a phone, its results
// read and deleted behind the confirmation dialog.
describe('a survey in a browser', () => {
  let stack: E2eStack;
  let browser: Browser;
  let page: Page;
  let login: { email: string; password: string };
  let mailingId: number;
  let databaseId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureAdminBuilt();
    stack = await startE2eStack({ publicUrl: true });
    const { accountId, prisma } = stack;
    login = await createUser(prisma, accountId, 'MARKETER');
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Panel' } })).id;
    await prisma.profile.createMany({
      data: ['ann', 'bob'].map((name) => ({ accountId, databaseId, email: `${name}@example.test`, values: {} })),
    });
    ({ mailingId } = await sendMailing(stack, {
      name: 'Autumn',
      document: { html: '<html><body><p>Hi</p><a href="{{ unsubscribe }}">Unsubscribe</a></body></html>' },
      target: { databaseId },
    }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP, bypassCSP: true }); // for axe's script
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('builds a survey, answers it on a phone, shows and deletes its results', { timeout: 180_000 }, async () => {
    await page.goto(`${stack.api.url}/admin/login`);
    await page.getByLabel('Email').fill(login.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));

    // The editor: a single choice question to start from, a rating added.
    await page.goto(`${stack.api.url}/admin/surveys`);
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Autumn survey');
    const first = page.getByRole('group', { name: 'Question 1' });
    await first.getByRole('textbox', { name: 'Question', exact: true }).fill('Which season do you like?');
    await first.getByRole('checkbox', { name: 'An answer is required' }).check();
    await page.getByRole('textbox', { name: 'Question 1, option 1' }).fill('Spring');
    await page.getByRole('textbox', { name: 'Question 1, option 2' }).fill('Autumn');
    await page.getByRole('combobox', { name: 'New question' }).click();
    await page.getByRole('option', { name: 'Rating', exact: true }).click();
    await page.getByRole('button', { name: 'Add question' }).click();
    await page
      .getByRole('group', { name: 'Question 2' })
      .getByRole('textbox', { name: 'Question', exact: true })
      .fill('How was the mailing?');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'i19-survey-editor-desktop.png');
    await page.getByRole('button', { name: 'Save survey' }).click();
    await page.getByRole('heading', { name: 'Autumn survey' }).waitFor();
    const survey = await stack.prisma.survey.findFirstOrThrow({ where: { name: 'Autumn survey' } });
    expect(survey.questions).toMatchObject([
      { id: 'q1', kind: 'single', required: true, options: [{ label: 'Spring' }, { label: 'Autumn' }] },
      { id: 'q2', kind: 'rating', scale: 5 },
    ]);

    // The public page, as the recipient's link opens it, on a phone.
    const destination = await stack.prisma.destination.findFirstOrThrow({
      where: { mailingId, address: 'ann@example.test' },
    });
    const link = surveyUrl(
      stack.config.PUBLIC_URL,
      signSurveyToken(
        { surveyId: survey.id, destinationId: `${mailingId}.${destination.id}` },
        stack.config.TRACKING_SECRET,
      ),
    );
    const phone = await browser.newPage({ viewport: PHONE, bypassCSP: true });
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Autumn survey' }).waitFor();
    expect(await seriousViolations(phone)).toEqual([]);
    // Sent without the required answer: the page says so and keeps the rating chosen.
    await phone.getByRole('radiogroup', { name: 'How was the mailing?' }).getByLabel('4').check();
    await phone.getByRole('button', { name: 'Send answers' }).click();
    await phone.getByRole('alert').waitFor();
    expect(await phone.getByText('Please answer this question.').count()).toBe(1);
    expect(await phone.getByRole('radiogroup', { name: 'How was the mailing?' }).getByLabel('4').isChecked()).toBe(
      true,
    );
    await phone.getByLabel('Autumn').check();
    await saveScreenshot(phone, 'i19-survey-page-phone.png');
    await phone.getByRole('button', { name: 'Send answers' }).click();
    await phone.getByRole('heading', { name: 'Thank you' }).waitFor();
    // The page fits the phone: nothing scrolls sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.close();

    // A selection of those who answered Autumn: the condition builder's survey row, its live count.
    await page.goto(`${stack.api.url}/admin/databases/${databaseId}/selections/new`);
    await page.getByLabel('Name').fill('Autumn fans');
    const liveCount = page.getByTestId('live-count');
    await liveCount.filter({ hasText: /^2$/ }).waitFor();
    await page.getByRole('button', { name: 'Remove condition' }).click();
    await page.getByRole('button', { name: 'Add survey answer' }).click();
    await page.getByRole('combobox', { name: 'Survey' }).click();
    await page.getByRole('option', { name: 'Autumn survey' }).click();
    await page.getByRole('combobox', { name: 'Question' }).click();
    await page.getByRole('option', { name: 'Which season do you like?' }).click();
    await page.getByRole('combobox', { name: 'Answers' }).click();
    await page.getByRole('option', { name: 'Spring', exact: true }).click();
    await liveCount.filter({ hasText: /^0$/ }).waitFor();
    await page.getByRole('option', { name: 'Autumn', exact: true }).click();
    await liveCount.filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('Escape');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save selection' }).click();
    await page.getByRole('heading', { name: 'Autumn fans', level: 2 }).waitFor();
    await page.getByText('answered question q1 of survey').waitFor();
    await page.goto(`${stack.api.url}/admin/surveys/${survey.id}`);

    // The results, and deleting them behind the typed confirmation.
    await page.getByRole('link', { name: /^Results/ }).click();
    await page
      .getByTestId('respondents')
      .filter({ hasText: /^1 respondent$/ })
      .waitFor();
    const season = page.getByRole('region', { name: 'Which season do you like?' });
    expect(await season.getByTestId('option-count').allTextContents()).toEqual(['0 (0%)', '1 (100%)']);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'i19-survey-results-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(500); // the navigation slides out of view on a narrow screen
    await saveScreenshot(page, 'i19-survey-results-phone.png');
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Delete results' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete survey results' });
    await dialog.waitFor();
    await page.waitForTimeout(500); // the dialog fades in: colours mid-way fail contrast
    expect(await seriousViolations(page)).toEqual([]);
    const confirm = dialog.getByRole('button', { name: 'Delete for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /Type the survey's name/ }).fill('Autumn surve');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /Type the survey's name/ }).fill('Autumn survey');
    await confirm.click();
    await page
      .getByTestId('respondents')
      .filter({ hasText: /^0 respondents$/ })
      .waitFor();
    expect(await stack.prisma.surveyResponse.count()).toBe(0);
    expect(await stack.prisma.auditEntry.count({ where: { action: 'survey.results-deleted' } })).toBe(1);

    // A survey without results can be deleted; the list no longer has it.
    await page.getByRole('link', { name: 'Autumn survey' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete survey' }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/surveys');
    await page.getByText('No surveys yet.').waitFor();
    expect(await stack.prisma.survey.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
