import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

/** The API's boundary: body size and syntax, path ids, NUL characters, security headers. */
describe('request boundary', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    stack = await startE2eStack({
      catcher: false,
      worker: false,
      role: 'ADMIN',
      config: { API_BODY_LIMIT_BYTES: String(1024 * 1024) },
    });
    ({ api, token } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const document = (html: string) => ({ name: 'Big', fromAddress: 'news@example.test', subject: 'Hi', html });

  it('saves a document over 100 KB, within the configured limit', async () => {
    const res = await api.request<{ latest: { html: string } }>('POST', '/documents', {
      token,
      body: document('x'.repeat(300_000)),
    });
    expect(res.status).toBe(201);
    expect(res.body.latest.html).toHaveLength(300_000);
  });

  it('answers a body over the limit with 413 and the limit', async () => {
    const res = await api.request<{ message: string }>('POST', '/documents', {
      token,
      body: document('x'.repeat(1024 * 1024 + 10)),
    });
    expect(res.status).toBe(413);
    expect(res.body.message).toContain('1048576 bytes (1 MiB)');
  });

  it('answers malformed JSON with 400 and the position', async () => {
    const res = await api.request<{ message: string }>('POST', '/documents', { token, body: '{"name": "x",}' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/malformed JSON at position 13/);
  });

  it('answers an unsupported charset with 415', async () => {
    const res = await fetch(`${api.url}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=ebcdic' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { message: string }).message).toMatch(/charset "ebcdic"/);
  });

  it.each(['2147483648', '99999999999999999999', '-1', '0', 'abc', '1.5', '%00', '1e3'])(
    'refuses path id %s with 400',
    async (id) => {
      const res = await api.request<{ message: string }>('GET', `/documents/${id}`, { token });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/id must be a whole number from 1 to 2147483647/);
    },
  );

  it('still answers 404 for the largest id that fits', async () => {
    expect((await api.request('GET', '/documents/2147483647', { token })).status).toBe(404);
  });

  it('refuses a NUL character in a body string, naming the field', async () => {
    const res = await api.request<{ message: string; issues: { path: string }[] }>('POST', '/documents', {
      token,
      body: { ...document('<p>x</p>'), subject: 'a\u0000b' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('body subject contains a NUL character');
    expect(res.body.issues[0]?.path).toBe('subject');
  });

  it('refuses a NUL character in a query string and in a path token', async () => {
    const query = await api.request<{ message: string }>('GET', '/databases/1/profiles?search=a%00b', { token });
    expect(query.status).toBe(400);
    expect(query.body.message).toContain('query search contains a NUL character');
    const shared = await api.request<{ message: string }>('GET', '/shared/abc%00def');
    expect(shared.status).toBe(400);
    expect(shared.body.message).toContain('NUL');
  });

  it('says a selection is nested too deep, and the limit', async () => {
    const database = await api.request<{ id: number }>('POST', '/databases', { token, body: { name: 'Deep' } });
    const nested = (depth: number): unknown => {
      let tree: unknown = { field: 'email', operator: 'empty' };
      for (let i = 0; i < depth; i++) tree = { op: 'AND', conditions: [tree] };
      return tree;
    };
    const tooDeep = await api.request<{ message: string }>('POST', `/databases/${database.body.id}/selections`, {
      token,
      body: { name: 'deep', conditions: nested(1000) },
    });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.message).toBe(
      'Invalid selection: groups may be nested at most 10 deep; these are nested 1000 deep',
    );
    const count = await api.request<{ message: string }>('POST', `/databases/${database.body.id}/selections/count`, {
      token,
      body: { conditions: nested(1000) },
    });
    expect(count.status).toBe(400);
    expect(count.body.message).toMatch(/nested at most 10 deep/);
    // Any other body nested that deep is refused before validation too, with the general limit.
    const otherDeep = await api.request<{ message: string }>('POST', '/databases', {
      token,
      body: { name: 'x', description: nested(1000) },
    });
    expect(otherDeep.status).toBe(400);
    expect(otherDeep.body.message).toMatch(/body is nested too deep at description\.conditions\.0.*at most 64 levels/);
    const overSelectionLimit = await api.request<{ message: string }>(
      'POST',
      `/databases/${database.body.id}/selections`,
      {
        token,
        body: { name: 'deep', conditions: nested(12) },
      },
    );
    expect(overSelectionLimit.status).toBe(400);
    expect(overSelectionLimit.body.message).toMatch(/nested at most 10 deep/);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
