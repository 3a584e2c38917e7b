import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';
import { createUser, type TestUser } from '../support/factories';

describe('auth, roles and account scoping over HTTP', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let admin: TestUser;
  let viewer: TestUser;
  let otherAdmin: TestUser;
  let jwtSecret: string;

  beforeAll(async () => {
    // No user logged in at start-up: the logins these tests make are the only ones counted.
    stack = await startE2eStack({
      catcher: false,
      worker: false,
      role: false,
      accountName: 'Account A',
      config: { LOGIN_RATE_LIMIT: '5' },
    });
    ({ db, api } = stack);
    jwtSecret = stack.config.JWT_SECRET;
    const b = await stack.newAccount('Account B');
    admin = await createUser(db.prisma, stack.accountId, 'ADMIN');
    viewer = await createUser(db.prisma, stack.accountId, 'VIEWER');
    otherAdmin = await createUser(db.prisma, b, 'ADMIN');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('logs in with the right password and answers /auth/me', async () => {
    const token = await api.login(admin.email, admin.password);
    const me = await api.request<{ email: string; role: string }>('GET', '/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: admin.email, role: 'ADMIN', accountId: admin.accountId });
    expect(JSON.stringify(me.body)).not.toContain('passwordHash');
  });

  it('gives a wrong password and an unknown user the same 401', async () => {
    const wrong = await api.request('POST', '/auth/login', {
      body: { email: viewer.email, password: 'not the password' },
    });
    const unknown = await api.request('POST', '/auth/login', {
      body: { email: 'nobody@example.test', password: 'whatever' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rate limits login attempts', async () => {
    const target = await createUser(db.prisma, admin.accountId, 'MARKETER');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api.request('POST', '/auth/login', { body: { email: target.email, password: 'wrong' } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('rejects requests without or with a forged token', async () => {
    expect((await api.request('GET', '/auth/me')).status).toBe(401);
    expect((await api.request('GET', '/auth/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.forged' })).status).toBe(
      401,
    );
  });

  it('gives a VIEWER 403 on a write', async () => {
    const token = await api.login(viewer.email, viewer.password);
    const res = await api.request<{ message: string }>('POST', '/api-keys', { token, body: { name: 'x' } });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/role/);
  });

  it('gives a malformed body a 400 that names the field', async () => {
    const token = await api.login(admin.email, admin.password);
    const res = await api.request<{ message: string; issues: { path: string }[] }>('POST', '/users', {
      token,
      body: { email: 'not-an-email', name: 'X', password: 'long enough password' },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i) => i.path)).toContain('email');
    expect(res.body.message).toContain('email');
    const garbage = await api.request('POST', '/users', { token, body: '{not json' });
    expect(garbage.status).toBe(400);
  });

  it('gives a user of account A 404 for an id of account B', async () => {
    const tokenB = await api.login(otherAdmin.email, otherAdmin.password);
    const created = await api.request<{ id: number; key: string }>('POST', '/api-keys', {
      token: tokenB,
      body: { name: 'B key' },
    });
    expect(created.status).toBe(201);
    const tokenA = await api.login(admin.email, admin.password);
    const res = await api.request('DELETE', `/api-keys/${created.body.id}`, { token: tokenA });
    expect(res.status).toBe(404);
    const list = await api.request<{ id: number }[]>('GET', '/api-keys', { token: tokenA });
    expect(list.body.map((k) => k.id)).not.toContain(created.body.id);
  });

  it('authenticates with an API key, which stops working once revoked', async () => {
    const token = await api.login(admin.email, admin.password);
    const created = await api.request<{ id: number; key: string }>('POST', '/api-keys', {
      token,
      body: { name: 'automation', role: 'VIEWER' },
    });
    const withKey = await api.request('GET', '/api-keys', { headers: { 'x-api-key': created.body.key } });
    expect(withKey.status).toBe(403); // a VIEWER key may not read admin-only routes
    const health = await api.request('GET', '/auth/me', { headers: { authorization: `Bearer ${created.body.key}` } });
    expect(health.status).toBe(200);
    await api.request('DELETE', `/api-keys/${created.body.id}`, { token });
    const after = await api.request('GET', '/auth/me', { headers: { 'x-api-key': created.body.key } });
    expect(after.status).toBe(401);
  });

  it('serves OpenAPI at /docs and health at /health', async () => {
    const docs = await fetch(`${api.url}/docs-json`);
    expect(docs.status).toBe(200);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/auth/login');
    const health = await api.request<{ services: { postgres: { up: boolean }; redis: { up: boolean } } }>(
      'GET',
      '/health',
    );
    expect(health.status).toBe(200);
    expect(health.body.services.postgres.up).toBe(true);
    expect(health.body.services.redis.up).toBe(true);
  });

  it('answers /auth/me for an API key with the key itself, not its creator', async () => {
    const token = await api.login(admin.email, admin.password);
    const created = await api.request<{ id: number; key: string }>('POST', '/api-keys', {
      token,
      body: { name: 'reporting robot', role: 'VIEWER' },
    });
    const me = await api.request<Record<string, unknown>>('GET', '/auth/me', {
      headers: { 'x-api-key': created.body.key },
    });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      kind: 'API_KEY',
      accountId: admin.accountId,
      role: 'VIEWER',
      apiKey: { id: created.body.id, name: 'reporting robot', prefix: created.body.key.slice(0, 12) },
    });
    expect(JSON.stringify(me.body)).not.toContain(admin.email);
  });

  it('gives a validly signed token whose subject is not a user id 401, not 500', async () => {
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const sub of ['abc', '1', -1, 2 ** 31, 1.5, null]) {
      const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub, iat: Math.floor(Date.now() / 1000) })}`;
      const signed = `${unsigned}.${createHmac('sha256', jwtSecret).update(unsigned).digest('base64url')}`;
      const res = await api.request<{ message: string }>('GET', '/auth/me', { token: signed });
      expect({ sub, status: res.status }).toEqual({ sub, status: 401 });
      expect(res.body.message).toMatch(/log in again/);
    }
  });
});
