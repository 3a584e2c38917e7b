import type { RunningApi } from '../support/api';

/** One of each kind of resource of an account, created over HTTP as a user would. */
export interface AccountResources {
  database: number;
  field: number;
  profile: number;
  collection: number;
  subprofile: number;
  selection: number;
  document: number;
  mailing: number;
  splitRun: number;
  splitRunVariant: number;
  import: number;
  apiKey: number;
  share: number;
  shareToken: string;
  survey: number;
  website: number;
  dynamicReport: number;
  senderDomain: number;
}

async function created<T>(
  api: RunningApi,
  what: string,
  method: string,
  path: string,
  token: string,
  body: unknown,
): Promise<T> {
  const res = await api.request<T>(method, path, { token, body });
  if (res.status !== 200 && res.status !== 201 && res.status !== 202) {
    throw new Error(`creating ${what}: ${method} ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** Builds the resources with an ADMIN's token of the account. */
export async function createAccountResources(api: RunningApi, token: string): Promise<AccountResources> {
  const database = await created<{ id: number; fields: { id: number }[] }>(
    api,
    'database',
    'POST',
    '/databases',
    token,
    {
      name: 'Customers',
      fields: [{ name: 'firstName', type: 'TEXT' }],
    },
  );
  const profile = await created<{ id: number }>(api, 'profile', 'POST', `/databases/${database.id}/profiles`, token, {
    email: 'ann@example.test',
    values: { firstName: 'Ann' },
  });
  const collection = await created<{ id: number }>(
    api,
    'collection',
    'POST',
    `/databases/${database.id}/collections`,
    token,
    {
      name: 'Orders',
      fields: [{ name: 'sku', type: 'TEXT' }],
    },
  );
  const subprofile = await created<{ id: number }>(
    api,
    'subprofile',
    'POST',
    `/collections/${collection.id}/subprofiles`,
    token,
    {
      profileId: profile.id,
      values: { sku: 'A-1' },
    },
  );
  const selection = await created<{ id: number }>(
    api,
    'selection',
    'POST',
    `/databases/${database.id}/selections`,
    token,
    {
      name: 'Anns',
      conditions: { op: 'AND', conditions: [{ field: 'firstName', operator: 'equals', value: 'Ann' }] },
    },
  );
  const document = await created<{ id: number }>(api, 'document', 'POST', '/documents', token, {
    name: 'Newsletter',
    fromAddress: 'news@example.test',
    subject: 'Hello {{ firstName }}',
    html: '<p>Hello {{ firstName }}</p>',
  });
  const mailing = await created<{ id: number }>(api, 'mailing', 'POST', '/mailings', token, {
    name: 'June',
    documentId: document.id,
    targetType: 'DATABASE',
    databaseId: database.id,
  });
  const splitRun = await created<{ id: number; variants: { id: number }[] }>(
    api,
    'split-run',
    'POST',
    '/split-runs',
    token,
    {
      name: 'Subjects',
      target: { targetType: 'DATABASE', databaseId: database.id },
      variants: [{ documentId: document.id }, { documentId: document.id, subject: 'Hi {{ firstName }}' }],
    },
  );
  const form = new FormData();
  form.set('file', new Blob(['email,firstName\nbob@example.test,Bob\n'], { type: 'text/csv' }), 'people.csv');
  form.set('mapping', JSON.stringify({ columns: { email: 'email', firstName: 'firstName' } }));
  const imported = await created<{ id: number }>(
    api,
    'import',
    'POST',
    `/databases/${database.id}/imports`,
    token,
    form,
  );
  const apiKey = await created<{ id: number }>(api, 'api key', 'POST', '/api-keys', token, {
    name: 'automation',
    role: 'VIEWER',
  });
  const share = await created<{ id: number; token: string }>(
    api,
    'share',
    'POST',
    `/mailings/${mailing.id}/shares`,
    token,
    { title: 'For the board' },
  );
  const survey = await created<{ id: number }>(api, 'survey', 'POST', '/surveys', token, {
    name: 'Survey',
    questions: [{ id: 'q', label: 'How was it?', kind: 'rating' }],
  });
  const senderDomain = await created<{ id: number }>(api, 'sender domain', 'POST', '/sender-domains', token, {
    domain: 'news.example',
  });
  const dynamicReport = await created<{ id: number }>(api, 'dynamic report', 'POST', '/dynamic-reports', token, {
    name: 'By city',
    definition: { rows: [{ kind: 'field', field: 'city' }], metrics: ['sent', 'ctr'] },
  });
  const website = await created<{ id: number }>(api, 'website', 'POST', '/websites', token, {
    name: 'Shop',
    domain: 'shop.example',
  });
  return {
    database: database.id,
    field: database.fields[0]!.id,
    profile: profile.id,
    collection: collection.id,
    subprofile: subprofile.id,
    selection: selection.id,
    document: document.id,
    mailing: mailing.id,
    splitRun: splitRun.id,
    splitRunVariant: splitRun.variants[0]!.id,
    import: imported.id,
    apiKey: apiKey.id,
    share: share.id,
    shareToken: share.token,
    survey: survey.id,
    website: website.id,
    dynamicReport: dynamicReport.id,
    senderDomain: senderDomain.id,
  };
}
