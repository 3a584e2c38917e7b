import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows, type Role } from '@herald/domain';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';
import { createAccountResources, type AccountResources } from './account-fixture';

/**
 * Every route of the OpenAPI document, tried as an attacker would (issue 11): without credentials,
 * as another account, with too small a role, and with malformed, oversized, overflowing and
 * NUL-laden input. No answer may be a 5xx; refusals are 4xx with a message.
 */

/** The routes anyone may call. A new public route must be added here on purpose. */
const PUBLIC_ROUTES = new Set(['GET /health', 'POST /auth/login', 'GET /shared/{token}']);

/** Routes that need more than the default (reads VIEWER, writes MARKETER), or less. Kept by hand, so a changed decorator fails here. */
const REQUIRED_ROLE: Record<string, Role> = {
  'POST /mailings/{id}/stop': 'ADMIN',
  'PUT /settings/approval': 'ADMIN',
  'POST /mailings/{id}/approval/decision': 'ADMIN',
  'POST /split-runs/{id}/approval/decision': 'ADMIN',
  'GET /audit-log': 'ADMIN',
  'GET /jobs': 'ADMIN',
  'GET /approvals/pending': 'ADMIN',
  'POST /jobs/dashboard-session': 'ADMIN',
  'GET /jobs/dashboard-access': 'ADMIN',
  'GET /settings/smtp': 'ADMIN',
  'PUT /settings/smtp': 'ADMIN',
  'PUT /settings/sms': 'ADMIN',
  'PUT /settings/timezone': 'ADMIN',
  'POST /settings/smtp/test': 'ADMIN',
  'GET /users': 'ADMIN',
  'POST /users': 'ADMIN',
  'GET /api-keys': 'ADMIN',
  'POST /api-keys': 'ADMIN',
  'DELETE /api-keys/{id}': 'ADMIN',
  'POST /sender-domains': 'ADMIN',
  'POST /sender-domains/{id}/verify': 'ADMIN',
  'DELETE /sender-domains/{id}': 'ADMIN',
  // Reads that are POSTs: they write nothing.
  'POST /imports/preview': 'VIEWER',
  'POST /databases/{id}/selections/count': 'VIEWER',
  'POST /dynamic-reports/query': 'VIEWER',
  'POST /dynamic-reports/query/export': 'VIEWER',
};

const BODY_LIMIT = 64 * 1024;
const NO_SUCH_ID = '2147483647';
const BAD_IDS = ['2147483648', '99999999999999999999', '-1', '0', 'abc', '%00', '1.5', '1e3', '%E0%A4%A'];

interface Operation {
  method: string;
  path: string;
  key: string;
  parameters: { name: string; in: string; schema?: JsonSchema }[];
  bodySchema?: JsonSchema;
}

interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
}

type Category = 'unauthenticated' | 'other account' | 'role' | 'path id' | 'body' | 'query' | 'tracking';

interface Outcome {
  category: Category;
  requests: number;
  ok: number;
  clientError: number;
  serverError: number;
}

/** Which resource a route's `{id}` names, from its first segment. */
const RESOURCE_OF_SEGMENT: Record<string, keyof AccountResources> = {
  databases: 'database',
  profiles: 'profile',
  collections: 'collection',
  subprofiles: 'subprofile',
  selections: 'selection',
  documents: 'document',
  mailings: 'mailing',
  'split-runs': 'splitRun',
  imports: 'import',
  'api-keys': 'apiKey',
  shares: 'share',
  surveys: 'survey',
  websites: 'website',
  'dynamic-reports': 'dynamicReport',
  'sender-domains': 'senderDomain',
};

/** A body each route accepts, given the ids it may refer to. */
function validBody(key: string, r: AccountResources): unknown {
  const bodies: Record<string, unknown> = {
    'POST /auth/login': { email: 'nobody@example.test', password: 'not the password' },
    'POST /users': {
      email: `new-${Math.random().toString(36).slice(2)}@example.test`,
      name: 'New',
      password: 'long enough password',
      role: 'VIEWER',
    },
    'POST /api-keys': { name: 'key', role: 'VIEWER' },
    'POST /documents': { name: 'Doc', fromAddress: 'news@example.test', subject: 'Hi', html: '<p>Hi</p>' },
    'PATCH /documents/{id}': { subject: 'Changed' },
    'POST /documents/text': { name: 'Text', channel: 'SMS', body: 'Hi' },
    'PATCH /documents/{id}/text': { body: 'Changed' },
    'PUT /settings/sms': { sender: 'Herald' },
    'POST /documents/{id}/test-mail': { profileIds: [r.profile], to: ['test@example.test'] },
    'POST /mailings': { name: 'M', documentId: r.document, targetType: 'DATABASE', databaseId: r.database },
    'PATCH /mailings/{id}': { name: 'Renamed' },
    'POST /mailings/{id}/schedule': { recurrence: { kind: 'ONCE' }, startAt: '2099-01-01T09:00' },
    'PATCH /mailings/{id}/schedule': { name: 'Renamed' },
    'POST /mailings/{id}/schedule/skip': { occurrenceAt: '2099-01-06T08:00:00.000Z' },
    'POST /mailings/{id}/schedule/restore': { occurrenceAt: '2099-01-06T08:00:00.000Z' },
    'POST /split-runs': {
      name: 'S',
      target: { targetType: 'DATABASE', databaseId: r.database },
      variants: [{ documentId: r.document }, { documentId: r.document }],
    },
    'POST /split-runs/{id}/winner': { variantId: r.splitRunVariant },
    'POST /split-runs/plan': {
      target: { targetType: 'DATABASE', databaseId: r.database },
      variants: [{ groupPercent: 25 }, { groupPercent: 25 }],
    },
    'PUT /settings/smtp': { host: 'smtp.example.test', port: 587 },
    'POST /sender-domains': { domain: `d${Math.random().toString(36).slice(2, 10)}.example` },
    'POST /databases': { name: 'D' },
    'PATCH /databases/{id}': { name: 'Renamed' },
    'POST /databases/{id}/fields': { name: `f${Math.random().toString(36).slice(2, 8)}`, type: 'TEXT' },
    'POST /databases/{id}/profiles': { email: 'p@example.test', values: {} },
    'PATCH /profiles/{id}': { values: { firstName: 'Changed' } },
    'POST /profiles/{id}/unsubscribe': { reason: 'asked' },
    'POST /databases/{id}/collections': { name: 'C' },
    'PATCH /collections/{id}': { name: 'Renamed' },
    'POST /collections/{id}/fields': { name: `g${Math.random().toString(36).slice(2, 8)}`, type: 'NUMBER' },
    'POST /collections/{id}/subprofiles': { profileId: r.profile, values: {} },
    'POST /profiles/{id}/subprofiles': { collectionId: r.collection, values: {} },
    'PATCH /subprofiles/{id}': { values: {} },
    'POST /databases/{id}/selections': { name: 'S', conditions: { op: 'AND', conditions: [] } },
    'POST /databases/{id}/selections/count': { conditions: { op: 'AND', conditions: [] } },
    'PATCH /selections/{id}': { name: 'Renamed' },
    'POST /mailings/{id}/shares': { title: 'Shared' },
    'POST /mailings/{id}/approval/decision': { decision: 'APPROVED' },
    'POST /split-runs/{id}/approval/decision': { decision: 'APPROVED' },
    // Foreign ids answer 404 before the keys are read; in its own account no such warning is a 400.
    'POST /mailings/{id}/check/acknowledgements': { keys: ['image-without-alt|html:1'] },
    'PUT /settings/approval': { approvalRequired: false },
    'POST /surveys': { name: 'S', questions: [{ id: 'q', label: 'Q', kind: 'text' }] },
    'PATCH /surveys/{id}': { name: 'Survey' },
    'POST /surveys/{id}/results/delete': { confirm: 'Survey' },
    'POST /websites': { name: 'Site', domain: 'site.example' },
    'POST /dynamic-reports/query': { scope: { mailingId: r.mailing }, metrics: ['sent'] },
    'POST /dynamic-reports/query/export': { scope: { mailingId: r.mailing }, metrics: ['sent'] },
    'POST /dynamic-reports': { name: 'R', definition: { metrics: ['sent'] } },
    'PUT /dynamic-reports/{id}': { name: 'R', definition: { metrics: ['sent'] } },
    'POST /dynamic-reports/{id}/save-as': { name: 'Copy' },
    'POST /dynamic-reports/templates/{key}/save-as': { name: 'Copy' },
  };
  return bodies[key];
}

function importForm(
  csv = 'email\nx@example.test\n',
  mapping: string = JSON.stringify({ columns: { email: 'email' } }),
): FormData {
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
  form.set('mapping', mapping);
  return form;
}

/** A value of the wrong type for a property of the given schema type. */
function wrongTypeFor(schema: JsonSchema): unknown[] {
  switch (schema.type) {
    case 'string':
      return [12345, { a: 1 }, ['x']];
    case 'integer':
    case 'number':
      return ['abc', 1.5, true, {}];
    case 'boolean':
      return ['yes', 1];
    case 'array':
      return ['x', { a: 1 }];
    case 'object':
      return ['x', 7, ['x']];
    default:
      return [{ unexpected: [1, 2, 3] }];
  }
}

function deep(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: [value] };
  return value;
}

describe('every route, enumerated from the OpenAPI document', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let operations: Operation[];
  let schemas: Record<string, JsonSchema>;
  let a: AccountResources;
  const tokens = {} as Record<'adminA' | 'adminB' | 'marketerA' | 'viewerA', string>;
  const outcomes = new Map<Category, Outcome>();
  const failures: string[] = [];
  /** Requests in flight: a few at a time keep the run short without measuring the machine instead of the API. */
  const pending: Promise<unknown>[] = [];
  let active = 0;
  const waiting: (() => void)[] = [];
  async function inSlot<T>(work: () => Promise<T>): Promise<T> {
    while (active >= 6) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  }

  beforeAll(async () => {
    stack = await startE2eStack({
      catcher: false,
      worker: false,
      role: 'ADMIN',
      accountName: 'Account A',
      config: {
        API_BODY_LIMIT_BYTES: String(BODY_LIMIT),
        LOGIN_RATE_LIMIT: '100000',
        LOGIN_IP_RATE_LIMIT: '100000',
        LOGIN_ACCOUNT_FAILURE_LIMIT: '100000',
      },
    });
    ({ api } = stack);
    const accountB = await stack.newAccount('Account B');
    tokens.adminA = stack.token;
    tokens.marketerA = await stack.userToken('MARKETER');
    tokens.viewerA = await stack.userToken('VIEWER');
    tokens.adminB = await stack.userToken('ADMIN', accountB);
    a = await createAccountResources(api, tokens.adminA);
    const doc = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
        >
      >;
      components: { schemas: Record<string, JsonSchema> };
    };
    schemas = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        parameters: op.parameters ?? [],
        bodySchema: op.requestBody?.content['application/json']?.schema,
      })),
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  function resolve(schema: JsonSchema | undefined): JsonSchema {
    let current = schema ?? {};
    while (current.$ref) current = schemas[current.$ref.split('/').pop()!] ?? {};
    return current;
  }

  /** Top-level properties of a request body schema, through $ref and allOf. */
  function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
    const resolved = resolve(schema);
    const own = Object.fromEntries(Object.entries(resolved.properties ?? {}).map(([k, v]) => [k, resolve(v)]));
    return Object.assign({}, ...(resolved.allOf ?? []).map((part) => propertiesOf(part)), own);
  }

  /** The path with its id, and the query a route requires (so that a refusal is about what is tested, not a missing parameter). */
  function requiredOf(schema: JsonSchema | undefined): string[] {
    const resolved = resolve(schema) as JsonSchema & { required?: string[] };
    return [...(resolved.required ?? []), ...(resolved.allOf ?? []).flatMap((part) => requiredOf(part))];
  }

  function fill(path: string, id: string): string {
    const filled = path.replace('{id}', id).replace('{token}', id);
    return path === '/documents/{id}/preview' ? `${filled}?profileId=${a.profile}` : filled;
  }

  function idFor(op: Operation, resources: AccountResources): string {
    if (op.path.includes('{token}')) return resources.shareToken;
    const resource = RESOURCE_OF_SEGMENT[op.path.split('/')[1]!];
    if (!resource) throw new Error(`no resource for ${op.key}: add its first segment to RESOURCE_OF_SEGMENT`);
    return String(resources[resource]);
  }

  async function send(
    category: Category,
    op: Operation,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; contentType?: string },
    expect: 'not 5xx' | '4xx' | number | ((status: number, message: string) => boolean),
    label: string,
  ): Promise<number> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const { res, text } = await inSlot(async () => {
      const answer = await fetch(api.url + path, { method: op.method, headers, body, redirect: 'manual' });
      return { res: answer, text: await answer.text() };
    });
    const outcome = outcomes.get(category) ?? { category, requests: 0, ok: 0, clientError: 0, serverError: 0 };
    outcome.requests += 1;
    if (res.status >= 500) outcome.serverError += 1;
    else if (res.status >= 400) outcome.clientError += 1;
    else outcome.ok += 1;
    outcomes.set(category, outcome);
    let message = '';
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
    } catch {
      message = '';
    }
    const good =
      res.status < 500 &&
      (expect === 'not 5xx'
        ? true
        : expect === '4xx'
          ? res.status >= 400 && res.status < 500 && message.trim() !== ''
          : typeof expect === 'number'
            ? res.status === expect
            : expect(res.status, message));
    if (!good)
      failures.push(`[${category}] ${op.method} ${path.slice(0, 120)} (${label}): ${res.status} ${text.slice(0, 200)}`);
    return res.status;
  }

  it('finds the routes', () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const key of Object.keys(REQUIRED_ROLE)) expect(operations.map((op) => op.key)).toContain(key);
  });

  it('refuses every non-public route without credentials', async () => {
    const from = failures.length;
    for (const op of operations) {
      const path = fill(op.path, op.path.includes('{') ? idFor(op, a) : '');
      if (PUBLIC_ROUTES.has(op.key)) {
        // Login answers wrong credentials with 401 itself; the guard's refusal is what must not happen.
        pending.push(
          send(
            'unauthenticated',
            op,
            path,
            { body: validBody(op.key, a) },
            (s, message) => s !== 403 && !/^Authentication required/.test(message),
            'public',
          ),
        );
      } else {
        pending.push(send('unauthenticated', op, path, { body: validBody(op.key, a) }, 401, 'no credentials'));
      }
    }
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
  });

  it("answers 404 to another account for each of account A's ids", async () => {
    const from = failures.length;
    for (const op of operations) {
      if (!op.path.includes('{id}')) continue;
      const body = op.key === 'POST /databases/{id}/imports' ? importForm() : validBody(op.key, a);
      pending.push(
        send('other account', op, fill(op.path, idFor(op, a)), { token: tokens.adminB, body }, 404, 'id of account A'),
      );
    }
    // Ids of account A inside a body.
    const createMailing = operations.find((op) => op.key === 'POST /mailings')!;
    pending.push(
      send(
        'other account',
        createMailing,
        '/mailings',
        { token: tokens.adminB, body: validBody('POST /mailings', a) },
        404,
        'document and database of A',
      ),
    );
    // Account B's own resources pointing at account A's: the reference is what must not resolve.
    const b = await createAccountResources(api, tokens.adminB);
    const crossReferences: [string, string, unknown][] = [
      ['POST /dynamic-reports/query', '/dynamic-reports/query', { scope: { mailingId: a.mailing }, metrics: ['sent'] }],
      [
        'POST /dynamic-reports/query/export',
        '/dynamic-reports/query/export',
        { scope: { mailingId: a.mailing }, metrics: ['sent'] },
      ],
      // (A collection id as a list filter is not listed: it answers an empty list, as an unknown id does.)
      [
        'POST /collections/{id}/subprofiles',
        `/collections/${b.collection}/subprofiles`,
        { profileId: a.profile, values: {} },
      ],
      [
        'POST /profiles/{id}/subprofiles',
        `/profiles/${b.profile}/subprofiles`,
        { collectionId: a.collection, values: {} },
      ],
      [
        'POST /documents/{id}/test-mail',
        `/documents/${b.document}/test-mail`,
        { profileIds: [a.profile], to: ['test@example.test'] },
      ],
      ['PATCH /mailings/{id}', `/mailings/${b.mailing}`, { documentId: a.document }],
      [
        'POST /split-runs',
        '/split-runs',
        {
          name: 'S',
          target: { targetType: 'DATABASE', databaseId: a.database },
          variants: [{ documentId: b.document }, { documentId: b.document }],
        },
      ],
      ['POST /split-runs/{id}/winner', `/split-runs/${b.splitRun}/winner`, { variantId: a.splitRunVariant }],
      [
        'POST /split-runs/plan',
        '/split-runs/plan',
        { target: { targetType: 'DATABASE', databaseId: a.database }, variants: [{}, {}] },
      ],
      [
        'POST /mailings',
        '/mailings',
        { name: 'M', documentId: b.document, targetType: 'DATABASE', databaseId: a.database },
      ],
      [
        'POST /mailings',
        '/mailings',
        { name: 'M', documentId: b.document, targetType: 'SELECTION', selectionId: a.selection },
      ],
      [
        'POST /mailings',
        '/mailings',
        {
          name: 'M',
          documentId: b.document,
          targetType: 'COLLECTION',
          collectionId: a.collection,
          toSubprofiles: true,
        },
      ],
      [
        'POST /databases/{id}/selections',
        `/databases/${b.database}/selections`,
        { name: 'S', collectionId: a.collection, conditions: { op: 'AND', conditions: [] } },
      ],
      [
        'POST /databases/{id}/selections/count',
        `/databases/${b.database}/selections/count`,
        { collectionId: a.collection, conditions: { op: 'AND', conditions: [] } },
      ],
    ];
    for (const [key, path, body] of crossReferences) {
      const op = operations.find((o) => o.key === key)!;
      pending.push(
        send(
          'other account',
          op,
          path,
          { token: tokens.adminB, body },
          404,
          `B's resource referring to A's: ${JSON.stringify(body ?? path)}`,
        ),
      );
    }
    const share = operations.find((op) => op.key === 'GET /shared/{token}')!;
    expect((await api.request('GET', `/shared/${a.shareToken}`)).status).toBe(200);
    // Changed in its first character: the last one of a base64url token carries padding bits, so an
    // 'A' written over a final 'A'-'D' named the same bytes (1 run in 16 saw the real report, 200).
    const forged = `${a.shareToken.startsWith('A') ? 'B' : 'A'}${a.shareToken.slice(1)}`;
    pending.push(send('other account', share, `/shared/${forged}`, {}, 404, 'a forged token'));
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
  });

  it('refuses VIEWER and MARKETER what needs a higher role', async () => {
    const from = failures.length;
    for (const op of operations) {
      if (PUBLIC_ROUTES.has(op.key)) continue;
      const required: Role = REQUIRED_ROLE[op.key] ?? (op.method === 'GET' ? 'VIEWER' : 'MARKETER');
      for (const role of ['VIEWER', 'MARKETER'] as const) {
        const token = role === 'VIEWER' ? tokens.viewerA : tokens.marketerA;
        const path = fill(op.path, op.path.includes('{') ? NO_SUCH_ID : '');
        const body = op.key === 'POST /databases/{id}/imports' ? importForm() : validBody(op.key, a);
        if (roleAllows(role, required))
          pending.push(send('role', op, path, { token, body }, (s) => s !== 403, `${role} allowed`));
        else pending.push(send('role', op, path, { token, body }, 403, `${role} below ${required}`));
      }
    }
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
  });

  it('answers malformed, overflowing and NUL-laden path ids with 4xx', async () => {
    const from = failures.length;
    for (const op of operations) {
      if (!op.path.includes('{')) continue;
      const ids = op.path.includes('{token}') ? ['%00', 'x'.repeat(5000), '%E0%A4%A', 'abc%00def'] : BAD_IDS;
      const body = op.key === 'POST /databases/{id}/imports' ? importForm() : validBody(op.key, a);
      for (const id of ids)
        pending.push(
          send('path id', op, fill(op.path, id), { token: tokens.adminA, body }, '4xx', `id ${id.slice(0, 20)}`),
        );
    }
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
  });

  it('answers malformed, oversized, overflowing and NUL-laden bodies with 4xx', async () => {
    const from = failures.length;
    for (const op of operations) {
      if (!op.bodySchema) continue;
      const path = fill(op.path, op.path.includes('{') ? idFor(op, a) : '');
      const token = tokens.adminA;
      const base = (validBody(op.key, a) ?? {}) as Record<string, unknown>;
      pending.push(send('body', op, path, { token, raw: '{"not json' }, '4xx', 'not JSON'));
      pending.push(
        send('body', op, path, { token, raw: 'name=x', contentType: 'text/plain' }, '4xx', 'not JSON at all'),
      );
      for (const raw of ['[]', '"text"', '123', 'null', '[1,2,3]'])
        pending.push(send('body', op, path, { token, raw }, '4xx', `top-level ${raw}`));
      pending.push(
        send(
          'body',
          op,
          path,
          { token, raw: JSON.stringify({ ...base, pad: 'x'.repeat(BODY_LIMIT) }) },
          413,
          'over the limit',
        ),
      );
      pending.push(send('body', op, path, { token, body: { ...base, nested: deep(200) } }, '4xx', 'deep nesting'));
      pending.push(
        send(
          'body',
          op,
          path,
          { token, raw: '{}', contentType: 'application/json; charset=x-no-such-charset' },
          '4xx',
          'charset',
        ),
      );
      const required = new Set(requiredOf(op.bodySchema));
      for (const [name, schema] of Object.entries(propertiesOf(op.bodySchema))) {
        for (const wrong of wrongTypeFor(schema))
          pending.push(
            send(
              'body',
              op,
              path,
              { token, body: { ...base, [name]: wrong } },
              '4xx',
              `${name}: ${JSON.stringify(wrong)}`,
            ),
          );
        pending.push(send('body', op, path, { token, body: { ...base, [name]: 'a\u0000b' } }, '4xx', `${name}: NUL`));
        pending.push(
          send('body', op, path, { token, body: { ...base, [name]: ['a\u0000b'] } }, '4xx', `${name}: NUL in array`),
        );
        pending.push(
          send(
            'body',
            op,
            path,
            { token, body: { ...base, [name]: 'x'.repeat(10_000) } },
            'not 5xx',
            `${name}: long string`,
          ),
        );
        if (schema.type === 'integer' || schema.type === 'number') {
          for (const big of [2147483648, 1e20, -2147483649]) {
            pending.push(
              send(
                'body',
                op,
                path,
                { token, body: { ...base, [name]: big } },
                required.has(name) ? '4xx' : 'not 5xx',
                `${name}: ${big}`,
              ),
            );
          }
        }
      }
    }
    // The import upload is multipart, outside the JSON schemas.
    const upload = operations.find((op) => op.key === 'POST /databases/{id}/imports')!;
    const uploadPath = `/databases/${a.database}/imports`;
    for (const [label, form] of [
      ['mapping not JSON', importForm(undefined, '{not json')],
      ['mapping of the wrong type', importForm(undefined, JSON.stringify({ columns: [1, 2] }))],
      ['NUL in the mapping', importForm(undefined, JSON.stringify({ columns: { email: 'em\u0000ail' } }))],
      ['deep mapping', importForm(undefined, JSON.stringify({ columns: deep(200) }))],
    ] as const) {
      pending.push(send('body', upload, uploadPath, { token: tokens.adminA, body: form }, '4xx', label));
    }
    pending.push(send('body', upload, uploadPath, { token: tokens.adminA, body: new FormData() }, '4xx', 'no file'));
    pending.push(
      send(
        'body',
        upload,
        uploadPath,
        { token: tokens.adminA, raw: '{"mapping": {}}' },
        '4xx',
        'JSON instead of a form',
      ),
    );
    const preview = operations.find((op) => op.key === 'POST /imports/preview')!;
    pending.push(
      send('body', preview, '/imports/preview', { token: tokens.adminA, body: new FormData() }, '4xx', 'no file'),
    );
    pending.push(send('body', preview, '/imports/preview', { token: tokens.adminA, raw: 'x' }, '4xx', 'not a form'));
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
    // Several bodies to every route that takes one: 5 s alone, over 30 s in a loaded CI run.
  }, 120_000);

  it('answers malformed, overflowing and NUL-laden query parameters with 4xx', async () => {
    const from = failures.length;
    for (const op of operations) {
      const query = op.parameters.filter((p) => p.in === 'query');
      if (query.length === 0) continue;
      const path = fill(op.path, op.path.includes('{') ? idFor(op, a) : '');
      for (const param of query) {
        const type = resolve(param.schema).type;
        const junk =
          type === 'integer' || type === 'number'
            ? ['abc', '-1', '1.5', '2147483648', '99999999999999999999', '1e400']
            : ['x'.repeat(5000), '%E0%A4%A', '[]'];
        for (const value of junk)
          pending.push(
            send(
              'query',
              op,
              `${path}?${param.name}=${value}`,
              { token: tokens.adminA },
              'not 5xx',
              `${param.name}=${value.slice(0, 20)}`,
            ),
          );
        pending.push(
          send('query', op, `${path}?${param.name}=a%00b`, { token: tokens.adminA }, '4xx', `${param.name}: NUL`),
        );
        pending.push(
          send(
            'query',
            op,
            `${path}?${param.name}[a][b]=1&${param.name}=2`,
            { token: tokens.adminA },
            'not 5xx',
            `${param.name}: nested`,
          ),
        );
      }
    }
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
  });

  it('answers forged and malformed tracking URLs (public, outside the OpenAPI document) with 4xx', async () => {
    const from = failures.length;
    const forged = [
      'abc',
      'x'.repeat(30_000),
      '%00',
      '%E2%80%A8',
      'a%0D%0ALocation:%20http://evil.test',
      '..%2F..%2Fhealth',
      'AAAA.BBBB',
    ];
    for (const kind of ['o', 'c', 'u', 'x']) {
      for (const token of forged) {
        for (const method of ['GET', 'HEAD', 'POST', 'PUT']) {
          const op: Operation = {
            method,
            path: '/t/{kind}/{token}',
            key: `${method} /t/{kind}/{token}`,
            parameters: [],
          };
          pending.push(
            send(
              'tracking',
              op,
              `/t/${kind}/${token}?u=%00`,
              {
                raw: method === 'POST' || method === 'PUT' ? 'List-Unsubscribe=One-Click' : undefined,
                contentType: 'application/x-www-form-urlencoded',
              },
              (s) => s >= 400 && s < 500,
              `token ${token.slice(0, 20)}`,
            ),
          );
        }
      }
    }
    // The API is still up.
    expect((await api.request('GET', '/health')).status).toBe(200);
    await Promise.all(pending.splice(0));
    expect(failures.slice(from)).toEqual([]);
  });

  afterAll(() => {
    const rows = [...outcomes.values()];
    const total = rows.reduce(
      (sum, r) => ({
        ...sum,
        requests: sum.requests + r.requests,
        ok: sum.ok + r.ok,
        clientError: sum.clientError + r.clientError,
        serverError: sum.serverError + r.serverError,
      }),
      {
        category: 'all' as Category,
        requests: 0,
        ok: 0,
        clientError: 0,
        serverError: 0,
      },
    );
    const line = (r: Outcome): string =>
      `${r.category.padEnd(16)} ${String(r.requests).padStart(8)} ${String(r.ok).padStart(6)} ${String(r.clientError).padStart(6)} ${String(r.serverError).padStart(6)}`;
    console.log(
      [
        `Route enumeration: ${operations?.length ?? 0} routes`,
        `${'category'.padEnd(16)} ${'requests'.padStart(8)} ${'2xx/3xx'.padStart(6)} ${'4xx'.padStart(6)} ${'5xx'.padStart(6)}`,
        ...rows.map(line),
        line(total),
        ...(failures.length ? ['', `${failures.length} unexpected answers:`, ...failures.slice(0, 50)] : []),
      ].join('\n'),
    );
  });
});
