// An account with something on every page of the admin app, for the specs that visit them all (accessibility, phone).
import type { Page } from 'playwright-core';
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
}

/** A page of the app with what it is called in screenshot names. */
export interface AppPage {
  name: string;
  path: string;
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
  return {
    call,
    databaseId: database.id,
    profileId,
    selectionId: selection.id,
    importId: importJob.id,
    documentId: document.id,
    sentMailingId: sent.id,
    draftMailingId: draft.id,
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
    { name: 'mailing-new', path: '/mailings/new' },
    { name: 'mailing-sent', path: `/mailings/${seed.sentMailingId}` },
    { name: 'mailing-draft', path: `/mailings/${seed.draftMailingId}` },
    { name: 'report', path: report },
    { name: 'report-recipients', path: `${report}/recipients` },
    { name: 'report-errors', path: `${report}/errors` },
    { name: 'statistics', path: '/statistics' },
    { name: 'statistics-compare', path: '/statistics/compare' },
    { name: 'statistics-performance', path: '/statistics/performance' },
    { name: 'coming-later', path: '/schedules' },
    { name: 'not-found', path: '/no/such/page' },
  ];
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
