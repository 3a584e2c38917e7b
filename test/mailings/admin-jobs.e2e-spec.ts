import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminJobsResponse } from '@herald/contracts';
import { bullConnection, JobName, QueueName } from '@herald/queue';
import { acknowledgeWarnings, startE2eStack, type E2eStack } from '../support/e2e';
import { createUser } from '../support/factories';

/** The platform's operator's user id: PLATFORM_OPERATORS is set before the API starts, so the user gets it after. */
const OPERATOR_ID = 900_001;

describe('admin jobs and the queue dashboard (issue 15)', () => {
  let stack: E2eStack;
  let admin: string;
  let strangerAdmin: string;
  let operator: string;
  let dispatch: Queue;
  let ours: number;
  let theirs: number;

  /** A mailing of the account `token` belongs to, sent: with no worker running, its dispatch job waits. */
  async function sentMailing(token: string, name: string): Promise<number> {
    const { api, prisma } = stack;
    const me = await api.request<{ accountId: number }>('GET', '/auth/me', { token });
    const databaseId = (await prisma.database.create({ data: { accountId: me.body.accountId, name } })).id;
    // Someone to send to: the issue checker refuses a mailing whose target is empty.
    await prisma.profile.create({
      data: { accountId: me.body.accountId, databaseId, email: `${name.toLowerCase()}@example.test`, values: {} },
    });
    const documentId = (
      await api.request<{ id: number }>('POST', '/documents', {
        token,
        body: { name, fromAddress: 'news@herald.example', subject: name, html: '<p>Hi</p>' },
      })
    ).body.id;
    const id = (
      await api.request<{ id: number }>('POST', '/mailings', {
        token,
        body: { name, documentId, targetType: 'DATABASE', databaseId },
      })
    ).body.id;
    await acknowledgeWarnings(api, token, id);
    expect((await api.request('POST', `/mailings/${id}/send`, { token })).status).toBe(202);
    return id;
  }

  beforeAll(async () => {
    stack = await startE2eStack({ worker: false, catcher: false, config: { PLATFORM_OPERATORS: String(OPERATOR_ID) } });
    admin = await stack.userToken('ADMIN');
    // The platform's operator: an ADMIN of an account of their own, listed in PLATFORM_OPERATORS by id.
    const ops = await createUser(stack.prisma, await stack.newAccount('Platform'), 'ADMIN');
    await stack.prisma.user.update({ where: { id: ops.id }, data: { id: OPERATOR_ID } });
    operator = await stack.api.login(ops.email, ops.password);
    strangerAdmin = await stack.userToken('ADMIN', await stack.newAccount());
    dispatch = new Queue(QueueName.Dispatch, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    ours = await sentMailing(stack.token, 'Ours');
    theirs = await sentMailing(strangerAdmin, 'Theirs');
  }, 120_000);

  afterAll(async () => {
    await dispatch?.close();
    await stack?.stop();
  });

  it("lists the account's jobs only, joined with the mailing and who made it", async () => {
    const { api } = stack;
    const listed = await api.request<AdminJobsResponse>('GET', '/jobs', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        queue: 'dispatch',
        id: `dispatch-${ours}`,
        name: JobName.DispatchMailing,
        state: 'waiting',
        mailing: expect.objectContaining({
          id: ours,
          name: 'Ours',
          status: 'QUEUED',
          createdBy: { id: stack.user.id, name: 'Test MARKETER' },
          approval: 'not-requested',
        }),
      }),
    ]);
    const strangers = await api.request<AdminJobsResponse>('GET', '/jobs', { token: strangerAdmin });
    expect(strangers.body.items.map((j) => j.mailing?.id)).toEqual([theirs]);
  });

  it('shows a scheduled job with the time it runs, and filters by state', async () => {
    const { api } = stack;
    const runAt = Date.now() + 3_600_000;
    await dispatch.add(
      JobName.DispatchMailing,
      { mailingId: ours, accountId: stack.accountId },
      { jobId: 'later-1', delay: runAt - Date.now() },
    );
    const scheduled = await api.request<AdminJobsResponse>('GET', '/jobs?state=scheduled', { token: admin });
    expect(scheduled.body.items).toHaveLength(1);
    expect(scheduled.body.items[0]).toMatchObject({ id: 'later-1', state: 'scheduled', mailing: { id: ours } });
    expect(Math.abs(Date.parse(scheduled.body.items[0]!.runAt!) - runAt)).toBeLessThan(5_000);
    const waiting = await api.request<AdminJobsResponse>('GET', '/jobs?state=waiting', { token: admin });
    expect(waiting.body.items.map((j) => j.id)).toEqual([`dispatch-${ours}`]);
    expect((await api.request<AdminJobsResponse>('GET', '/jobs?state=failed', { token: admin })).body.items).toEqual(
      [],
    );
  });

  it("refuses to stop another account's mailing from the jobs page (404), malformed input (400), a marketer (403), no one (401)", async () => {
    const { api, token } = stack;
    expect((await api.request('POST', `/mailings/${theirs}/stop`, { token: admin })).status).toBe(404);
    expect((await api.request('GET', '/jobs?state=sleeping', { token: admin })).status).toBe(400);
    expect((await api.request('GET', '/jobs', { token })).status).toBe(403);
    expect((await api.request('GET', '/jobs')).status).toBe(401);
  });

  it("opens the queue dashboard to the platform's operators only: no account's ADMIN, marketer or API key, no one", async () => {
    const { api, token } = stack;
    expect((await api.request('GET', '/queues')).status).toBe(401);
    expect((await api.request('GET', '/queues/api/queues')).status).toBe(401);
    expect((await api.request('GET', '/queues', { headers: { cookie: 'herald_queues=forged' } })).status).toBe(401);
    const marketer = await api.request<{ message: string }>('GET', '/queues/api/queues', { token });
    expect(marketer.status).toBe(403);
    expect(marketer.body.message).toMatch(/needs the ADMIN role and a platform operator; you have MARKETER/);
    // The queues hold every account's jobs: an account's ADMIN, of this account or another, is sent to its own.
    for (const adminToken of [admin, strangerAdmin]) {
      const refused = await api.request<{ message: string }>('GET', '/queues/api/queues', { token: adminToken });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/only the platform's operators \(PLATFORM_OPERATORS\) may open it/);
      expect(refused.body.message).toMatch(/your account's jobs are on the admin page \(\/admin\/admin; GET \/jobs\)/);
      expect((await api.request('GET', '/queues', { token: adminToken })).status).toBe(403);
      expect((await api.request('PUT', '/queues/api/queues/pause', { token: adminToken })).status).toBe(403);
    }
    // An API key acts for its account, not for a person: even an ADMIN key the operator made is refused.
    const key = await api.request<{ key: string }>('POST', '/api-keys', {
      token: operator,
      body: { name: 'ops', role: 'ADMIN' },
    });
    const byKey = await api.request<{ message: string }>('GET', '/queues/api/queues', {
      headers: { 'x-api-key': key.body.key },
    });
    expect(byKey.status).toBe(403);
    expect(byKey.body.message).toMatch(/not with an API key/);

    // What the admin app asks before it offers the dashboard.
    expect((await api.request('GET', '/jobs/dashboard-access', { token: operator })).status).toBe(204);
    const noAccess = await api.request<{ message: string }>('GET', '/jobs/dashboard-access', { token: admin });
    expect(noAccess.status).toBe(403);
    expect(noAccess.body.message).toMatch(/PLATFORM_OPERATORS/);
    expect((await api.request('GET', '/jobs/dashboard-access', { token })).status).toBe(403);
    expect((await api.request('GET', '/jobs/dashboard-access')).status).toBe(401);

    const board = await api.request<{ queues: { name: string }[] }>('GET', '/queues/api/queues', { token: operator });
    expect(board.status).toBe(200);
    expect(board.body.queues.map((q) => q.name)).toContain('dispatch');

    const session = await api.request('POST', '/jobs/dashboard-session', { token: operator });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^herald_queues=/);
    expect((await api.request('GET', '/queues', { headers: { cookie } })).status).toBe(200);
    expect((await api.request('POST', '/jobs/dashboard-session', { token })).status).toBe(403);
    const adminSession = await api.request<{ message: string }>('POST', '/jobs/dashboard-session', { token: admin });
    expect(adminSession.status).toBe(403);
    expect(adminSession.body.message).toMatch(/PLATFORM_OPERATORS/);
    expect(adminSession.headers.get('set-cookie')).toBeNull();
  });
});
