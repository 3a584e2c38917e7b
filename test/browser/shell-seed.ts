// An account with something on every page of the admin app, for the specs that visit them all (accessibility, phone).
import type { Page } from 'playwright-core';
import { createUser } from '../support/factories';
import type { Stack } from '../support/stack';

export interface ShellSeed {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  databaseId: number;
  profileId: number;
  selectionId: number;
  importId: number;
  documentId: number;
  sentMailingId: number;
  draftMailingId: number;
  smsDocumentId: number;
  faxDocumentId: number;
  smsMailingId: number;
  faxMailingId: number;
  scheduledMailingId: number;
  splitRunId: number;
  surveyId: number;
  websiteId: number;
}

/** A page of the app with what it is called in screenshot names, and what to open on it (a dialog) before it is checked. */
export interface AppPage {
  name: string;
  path: string;
  open?(page: Page): Promise<void>;
}

export async function waitUntil<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  for (const until = Date.now() + timeoutMs; ;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function apiCaller(stack: Stack, token: () => string | undefined) {
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const isForm = body instanceof FormData;
    const res = await fetch(stack.apiUrl + path, {
      method,
      headers: {
        ...(isForm || body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token() ? { authorization: `Bearer ${token()}` } : {}),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Acknowledges the issue checker's warnings, as the mailing form's check step does before a send or schedule. */
export async function acknowledgeWarnings(call: ShellSeed['call'], mailingId: number): Promise<void> {
  const check = await call<{ findings: { severity: string; key: string }[] }>('POST', `/mailings/${mailingId}/check`);
  const keys = check.findings.filter((f) => f.severity === 'warning').map((f) => f.key);
  if (keys.length > 0) await call('POST', `/mailings/${mailingId}/check/acknowledgements`, { keys });
}

export async function seedShell(stack: Stack): Promise<ShellSeed> {
  const { token } = await apiCaller(stack, () => undefined)<{ token: string }>('POST', '/auth/login', stack.login);
  const call = apiCaller(stack, () => token);

  const database = await call<{ id: number }>('POST', '/databases', {
    name: 'Customers',
    description: 'Everyone who bought something',
    fields: [{ name: 'city', type: 'TEXT' }],
  });
  let profileId = 0;
  for (const [name, city] of [
    ['ada', 'London'],
    ['grace', 'New York'],
    ['edsger', 'Amsterdam'],
  ] as const) {
    profileId = (
      await call<{ id: number }>('POST', `/databases/${database.id}/profiles`, {
        email: `${name}@example.test`,
        values: { city },
      })
    ).id;
  }

  const form = new FormData();
  form.set(
    'file',
    new Blob(['email,city\nlinus@example.test,Helsinki\nnot-an-email,Nowhere\n'], { type: 'text/csv' }),
    'more.csv',
  );
  form.set('mapping', JSON.stringify({ columns: { email: 'email', city: 'city' } }));
  const importJob = await call<{ id: number }>('POST', `/databases/${database.id}/imports`, form);
  await waitUntil(
    () => call<{ status: string }>('GET', `/imports/${importJob.id}`),
    (job) => job.status === 'DONE' || job.status === 'FAILED',
  );

  const selection = await call<{ id: number }>('POST', `/databases/${database.id}/selections`, {
    name: 'Londoners',
    conditions: { op: 'AND', conditions: [{ field: 'city', operator: 'equals', value: 'London' }] },
  });
  const document = await call<{ id: number }>('POST', '/documents', {
    name: 'Spring news',
    fromName: 'Herald',
    fromAddress: 'news@herald.example',
    subject: 'Spring news',
    html: '<html><body><p>Hello</p><a href="https://example.com/spring">Spring</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
  });
  const sent = await call<{ id: number }>('POST', '/mailings', {
    name: 'Spring newsletter',
    documentId: document.id,
    targetType: 'DATABASE',
    databaseId: database.id,
  });
  await acknowledgeWarnings(call, sent.id);
  await call('POST', `/mailings/${sent.id}/send`);
  await waitUntil(
    () => call<{ status: string }>('GET', `/mailings/${sent.id}`),
    (mailing) => mailing.status === 'SENT',
  );
  const draft = await call<{ id: number }>('POST', '/mailings', {
    name: 'Summer preview',
    documentId: document.id,
    targetType: 'SELECTION',
    databaseId: database.id,
    selectionId: selection.id,
  });
  const smsDocument = await call<{ id: number }>('POST', '/documents/text', {
    name: 'Flash sale',
    channel: 'SMS',
    body: 'Hi {{ city }}: 20% off today only. Reply STOP to opt out.',
  });
  const faxDocument = await call<{ id: number }>('POST', '/documents/text', {
    name: 'Price list',
    channel: 'FAX',
    body: 'To the shop in {{ city }}\n\nOur new prices are attached.',
  });
  // Drafts: their SMS and fax results pages show zeros, and need no provider to exist.
  const smsMailing = await call<{ id: number }>('POST', '/mailings', {
    name: 'Flash sale by SMS',
    documentId: smsDocument.id,
    targetType: 'DATABASE',
    databaseId: database.id,
  });
  const faxMailing = await call<{ id: number }>('POST', '/mailings', {
    name: 'Price list by fax',
    documentId: faxDocument.id,
    targetType: 'DATABASE',
    databaseId: database.id,
  });
  // A daily schedule from tomorrow, so the calendar has runs, and one run skipped, as the worker records it.
  const scheduled = await call<{ id: number }>('POST', '/mailings', {
    name: 'Daily digest',
    documentId: document.id,
    targetType: 'DATABASE',
    databaseId: database.id,
  });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await acknowledgeWarnings(call, scheduled.id);
  const schedule = await call<{ id: number }>('POST', `/mailings/${scheduled.id}/schedule`, {
    recurrence: { kind: 'DAILY' },
    timezone: 'UTC',
    startAt: `${tomorrow}T09:00`,
  });
  await stack.prisma.scheduleRun.create({
    data: {
      accountId: stack.accountId,
      scheduleId: schedule.id,
      occurrenceAt: new Date(Date.now() - 86_400_000),
      status: 'SKIPPED',
      reason: 'the target is empty',
    },
  });
  const splitRun = await call<{ id: number }>('POST', '/split-runs', {
    name: 'Which subject?',
    target: { targetType: 'DATABASE', databaseId: database.id },
    variants: [{ documentId: document.id }, { documentId: document.id, subject: 'Spring is here' }],
  });
  // A sender domain with its records to publish, added by an ADMIN (the seed's user, a MARKETER, may read it).
  const admin = await createUser(stack.prisma, stack.accountId, 'ADMIN');
  const adminLogin = await apiCaller(stack, () => undefined)<{ token: string }>('POST', '/auth/login', {
    email: admin.email,
    password: admin.password,
  });
  await apiCaller(stack, () => adminLogin.token)('POST', '/sender-domains', { domain: 'news.example', ed25519: true });
  // A survey with every kind of question, answered from the sent mailing, so its results page has figures.
  const survey = await call<{ id: number }>('POST', '/surveys', {
    name: 'Customer satisfaction',
    intro: 'Tell us how we did.',
    questions: [
      {
        id: 'channel',
        label: 'How did you hear of us?',
        kind: 'single',
        required: true,
        options: [
          { id: 'friend', label: 'A friend' },
          { id: 'ad', label: 'An advertisement' },
        ],
      },
      { id: 'score', label: 'How likely are you to recommend us?', kind: 'rating', scale: 10 },
      { id: 'why', label: 'Anything else?', kind: 'text' },
    ],
  });
  const destination = await stack.prisma.destination.findFirstOrThrow({ where: { mailingId: sent.id } });
  await stack.prisma.surveyResponse.create({
    data: {
      accountId: stack.accountId,
      surveyId: survey.id,
      destinationId: destination.id,
      mailingId: sent.id,
      profileId: destination.profileId,
      answers: { channel: 'friend', score: 9, why: 'Quick delivery' },
      answerRows: {
        create: [
          { surveyId: survey.id, questionId: 'channel', value: 'friend' },
          { surveyId: survey.id, questionId: 'score', value: '9' },
          { surveyId: survey.id, questionId: 'why', value: 'Quick delivery' },
        ],
      },
    },
  });
  // A website with views, one of them through the sent mailing's link.
  const website = await call<{ id: number }>('POST', '/websites', { name: 'Shop', domain: 'shop.example.com' });
  await stack.prisma.pageView.createMany({
    data: ['/', '/shoes', '/shoes', '/sale'].map((path, i) => ({
      accountId: stack.accountId,
      websiteId: website.id,
      url: `https://shop.example.com${path}`,
      path,
      visitorId: `visitor-${i % 2}`,
      ...(i === 3 ? { mailingId: sent.id, destinationId: destination.id, profileId: destination.profileId } : {}),
    })),
  });
  return {
    call,
    surveyId: survey.id,
    websiteId: website.id,
    scheduledMailingId: scheduled.id,
    splitRunId: splitRun.id,
    databaseId: database.id,
    profileId,
    selectionId: selection.id,
    importId: importJob.id,
    documentId: document.id,
    sentMailingId: sent.id,
    draftMailingId: draft.id,
    smsDocumentId: smsDocument.id,
    faxDocumentId: faxDocument.id,
    smsMailingId: smsMailing.id,
    faxMailingId: faxMailing.id,
  };
}

/** Every page of the app a marketer reaches, with the seed's ids filled in. */
export function appPages(seed: ShellSeed): AppPage[] {
  const db = `/databases/${seed.databaseId}`;
  const report = `/mailings/${seed.sentMailingId}/report`;
  return [
    { name: 'home', path: '/' },
    { name: 'databases', path: '/databases' },
    { name: 'database-profiles', path: db },
    { name: 'database-fields', path: `${db}/fields` },
    { name: 'database-selections', path: `${db}/selections` },
    { name: 'database-collections', path: `${db}/collections` },
    { name: 'database-statistics', path: `${db}/statistics` },
    { name: 'import', path: `${db}/import` },
    { name: 'import-job', path: `${db}/imports/${seed.importId}` },
    { name: 'selection', path: `${db}/selections/${seed.selectionId}` },
    { name: 'selection-edit', path: `${db}/selections/${seed.selectionId}/edit` },
    { name: 'selection-new', path: `${db}/selections/new` },
    { name: 'profile', path: `/profiles/${seed.profileId}` },
    { name: 'mailings', path: '/mailings' },
    { name: 'documents', path: '/mailings/documents' },
    { name: 'document', path: `/mailings/documents/${seed.documentId}` },
    { name: 'document-new', path: '/mailings/documents/new' },
    { name: 'document-new-sms', path: '/mailings/documents/new?channel=SMS' },
    { name: 'document-sms', path: `/mailings/documents/${seed.smsDocumentId}` },
    { name: 'document-fax', path: `/mailings/documents/${seed.faxDocumentId}` },
    { name: 'mailing-new', path: '/mailings/new' },
    { name: 'mailing-new-split-run', path: '/mailings/new', open: openSplitRunStep },
    { name: 'mailing-sent', path: `/mailings/${seed.sentMailingId}` },
    { name: 'mailing-draft', path: `/mailings/${seed.draftMailingId}` },
    { name: 'mailing-scheduled', path: `/mailings/${seed.scheduledMailingId}` },
    { name: 'schedule-dialog', path: `/mailings/${seed.draftMailingId}/edit`, open: openScheduleDialog },
    { name: 'mailing-checks', path: `/mailings/${seed.draftMailingId}/edit`, open: openChecksStep },
    { name: 'split-run-new', path: '/mailings/split-runs/new' },
    { name: 'split-run', path: `/mailings/split-runs/${seed.splitRunId}` },
    { name: 'report', path: report },
    { name: 'report-recipients', path: `${report}/recipients` },
    { name: 'report-errors', path: `${report}/errors` },
    { name: 'sms-results', path: `/mailings/${seed.smsMailingId}/sms-results` },
    { name: 'fax-results', path: `/mailings/${seed.faxMailingId}/fax-results` },
    { name: 'statistics', path: '/statistics' },
    { name: 'statistics-compare', path: '/statistics/compare' },
    { name: 'statistics-performance', path: '/statistics/performance' },
    { name: 'statistics-dynamic', path: '/statistics/dynamic' },
    { name: 'dynamic-report-new', path: `/statistics/dynamic/new?mailingId=${seed.sentMailingId}` },
    { name: 'dynamic-report-template', path: `/statistics/dynamic/templates/by-city?mailingId=${seed.sentMailingId}` },
    {
      name: 'dynamic-report-save-as',
      path: `/statistics/dynamic/templates/by-city?mailingId=${seed.sentMailingId}`,
      open: openSaveAsDialog,
    },
    { name: 'schedules', path: '/schedules' },
    { name: 'sender-domains', path: '/admin/sender-domains' },
    { name: 'surveys', path: '/surveys' },
    { name: 'survey-new', path: '/surveys/new' },
    { name: 'survey', path: `/surveys/${seed.surveyId}` },
    { name: 'survey-results', path: `/surveys/${seed.surveyId}/results` },
    { name: 'survey-delete-results', path: `/surveys/${seed.surveyId}/results`, open: openDeleteResultsDialog },
    { name: 'websites', path: '/websites' },
    { name: 'website', path: `/websites/${seed.websiteId}` },
    { name: 'sms-fax', path: '/sms' },
    { name: 'not-found', path: '/no/such/page' },
  ];
}

/** The dynamic report builder's "save as" dialog, over a ready-made report's table and chart (issue 19). */
async function openSaveAsDialog(page: Page): Promise<void> {
  await page.getByTestId('pivot-totals').waitFor();
  await page.getByRole('button', { name: 'Save as' }).click();
  await page.getByRole('dialog', { name: 'Save “By city” as' }).waitFor();
  await page.waitForTimeout(300);
}

/** The survey results page's confirmation dialog for deleting results. */
async function openDeleteResultsDialog(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Delete results' }).click();
  await page.getByRole('dialog', { name: 'Delete survey results' }).waitFor();
  // As for the other dialogs: axe during the modal's opening transition measures half-faded colours.
  await page.waitForTimeout(300);
}

/** The mailing form's check step with the issue checker's findings (issue 17). */
async function openChecksStep(page: Page): Promise<void> {
  for (const next of ['Next: To whom', 'Next: Settings', 'Next: Checks'])
    await page.getByRole('button', { name: next }).click();
  await page.getByTestId('issue-checker-summary').waitFor();
}

/** The mailing form's last step, and its schedule dialog open on it. */
async function openScheduleDialog(page: Page): Promise<void> {
  const next = page.getByRole('button', { name: /^Next: / });
  while ((await next.count()) > 0) await next.click();
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await page.getByRole('dialog', { name: 'Schedule this mailing' }).waitFor();
  await page.waitForTimeout(300);
}

/** The new-mailing form's settings with the split-run switched on (through the stepper: Next waits for the required fields). */
async function openSplitRunStep(page: Page): Promise<void> {
  await page
    .getByLabel('Steps of the mailing')
    .getByRole('button', { name: /Settings$/ })
    .click();
  await page.getByRole('switch', { name: 'Test variants first (a split-run)' }).click();
  await page.getByRole('group', { name: 'Variant B' }).waitFor();
}

export async function logIn(page: Page, stack: Stack): Promise<void> {
  await page.goto(`${stack.apiUrl}/admin/login`);
  await page.getByLabel('Email').fill(stack.login.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(stack.login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Home', level: 2 }).waitFor();
}

/** Waits until the page has its heading and no loader is left. */
export async function settle(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor();
  await page
    .locator('main .mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
  await page.waitForTimeout(300);
}
