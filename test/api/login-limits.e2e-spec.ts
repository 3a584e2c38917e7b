import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';
import { createUser, type TestUser } from '../support/factories';

/** Login limits per IP over all accounts and per account from all IPs (the API trusts X-Forwarded-For from loopback). */
describe('login limits', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let accountId: number;
  let ipSequence = 0;

  beforeAll(async () => {
    // No user logged in at start-up: the logins these tests make are the only ones counted.
    stack = await startE2eStack({
      catcher: false,
      worker: false,
      role: false,
      config: {
        LOGIN_RATE_LIMIT: '100',
        LOGIN_IP_RATE_LIMIT: '3',
        LOGIN_ACCOUNT_FAILURE_LIMIT: '3',
        LOGIN_LOCKOUT_SECONDS: '600',
      },
    });
    ({ db, api, accountId } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const newIp = (): string => `203.0.113.${++ipSequence}`;
  const login = (email: string, password: string, ip: string) =>
    api.request<{ message: string }>('POST', '/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });

  it('stops one IP trying many accounts', async () => {
    const ip = newIp();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(`nobody${i}@example.test`, 'guess', ip)).status);
    const blocked = await login('someone-else@example.test', 'guess', ip);
    expect(statuses).toEqual([401, 401, 401]);
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/from this address: try again in \d+ seconds/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login('someone-else@example.test', 'guess', newIp())).status).toBe(401);
  });

  it('does not count successful logins against the IP', async () => {
    const user = await createUser(db.prisma, accountId);
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await login(user.email, user.password, ip)).status).toBe(200);
  });

  it('locks an account after its failures from several IPs, even for the right password', async () => {
    const user = await createUser(db.prisma, accountId);
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong', newIp())).status).toBe(401);
    const locked = await login(user.email, user.password, newIp());
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/locked for another \d+ seconds/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(590);
  });

  it('locks an unknown e-mail the same way, so a lock-out does not tell whether it exists', async () => {
    const known: TestUser = await createUser(db.prisma, accountId);
    const answers = [];
    for (const email of [known.email, 'no-such-user@example.test']) {
      for (let i = 0; i < 3; i++) await login(email, 'wrong', newIp());
      const res = await login(email, 'wrong', newIp());
      answers.push({ status: res.status, message: res.body.message.replace(/\d+ seconds/, 'N seconds') });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.status).toBe(429);
  });

  it('forgets earlier failures after a successful login', async () => {
    const user = await createUser(db.prisma, accountId);
    for (let i = 0; i < 2; i++) await login(user.email, 'wrong', newIp());
    expect((await login(user.email, user.password, newIp())).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login(user.email, 'wrong', newIp())).status).toBe(401);
    expect((await login(user.email, user.password, newIp())).status).toBe(200);
  });
});
