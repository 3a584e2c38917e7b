import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { redactUrl } from '../../apps/api/src/common/log-redaction';
import { testConfig } from '../support/config';
import { createAccount, createUser, type TestUser } from '../support/factories';
import { createAccountResources, type AccountResources } from './account-fixture';
import type { RunningApi } from '../support/api';

/** The API's real log output, read back: no token, key or password may appear in it. */
describe('log lines hold no secrets', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let admin: TestUser;
  const lines: string[] = [];

  async function request(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: BodyInit | undefined;
    if (init.body instanceof FormData) body = init.body;
    else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiApp(testConfig(db.url, { LOG_LEVEL: 'info' }), {
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    admin = await createUser(db.prisma, (await createAccount(db.prisma)).id, 'ADMIN');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Waits for pino-http's line of the last request (written when the response finishes). */
  async function logged(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return lines.join('');
  }

  it('keeps the password, the token and the API key out of the log', async () => {
    const login = (await request('POST', '/auth/login', {
      body: { email: admin.email, password: admin.password },
    })) as { status: number; body: { token: string } };
    expect(login.status).toBe(200);
    const token = login.body.token;
    await request('POST', '/auth/login', { body: { email: admin.email, password: 'a wrong secret password' } });
    const api: RunningApi = {
      url,
      app,
      login: async () => token,
      close: async () => undefined,
      request: async (method, path, options = {}) =>
        ({ ...(await request(method, path, options)), headers: new Headers() }) as never,
    };
    const resources: AccountResources = await createAccountResources(api, token);
    const key = (await request('POST', '/api-keys', { token, body: { name: 'log test', role: 'VIEWER' } })).body as {
      key: string;
    };
    expect((await request('GET', '/auth/me', { headers: { 'x-api-key': key.key } })).status).toBe(200);
    expect((await request('GET', `/shared/${resources.shareToken}`)).status).toBe(200);
    await request('GET', `/databases?token=${resources.shareToken}&page=1`, { token });

    const output = await logged();
    expect(output).toContain('/shared/[redacted]');
    expect(output).toContain('"statusCode":200');
    for (const secret of [admin.password, 'a wrong secret password', token, key.key, resources.shareToken]) {
      expect(output).not.toContain(secret);
    }
  });

  it('rewrites token paths and secret query parameters', () => {
    expect(redactUrl('/shared/abc123?x=1')).toBe('/shared/[redacted]?x=1');
    expect(redactUrl('/t/c/AAAA.bbbb')).toBe('/t/c/[redacted]');
    expect(redactUrl('/databases?page=2&token=xyz&Password=p&api%4Bey=k')).toBe(
      '/databases?page=2&token=[redacted]&Password=[redacted]&api%4Bey=[redacted]',
    );
    expect(redactUrl('/x/hrld_abcDEF123')).toBe('/x/[redacted]');
  });
});
