import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminJobsResponse } from '@herald/contracts';
import { bullConnection, JobName, QueueName } from '@herald/queue';
import { startE2eStack, type E2eStack } from '../support/e2e';

describe('admin jobs and the queue dashboard (issue 15)', () => {
  let stack: E2eStack;
  let admin: string;
  let strangerAdmin: string;
  let dispatch: Queue;
  let ours: number;
  let theirs: number;

  /** A mailing of the account `token` belongs to, sent: with no worker running, its dispatch job waits. */
  async function sentMailing(token: string, name: string): Promise<number> {
    const { api, prisma } = stack;
    const me = await api.request<{ accountId: number }>('GET', '/auth/me', { token });
    const databaseId = (await prisma.database.create({ data: { accountId: me.body.accountId, name } })).id;
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
    expect((await api.request('POST', `/mailings/${id}/send`, { token })).status).toBe(202);
    return id;
  }

  beforeAll(async () => {
    stack = await startE2eStack({ worker: false, catcher: false });
    admin = await stack.userToken('ADMIN');
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

  it('opens the queue dashboard to ADMINs only, by bearer token or by the cookie a session sets', async () => {
    const { api, token } = stack;
    expect((await api.request('GET', '/queues')).status).toBe(401);
    expect((await api.request('GET', '/queues/api/queues')).status).toBe(401);
    expect((await api.request('GET', '/queues', { headers: { cookie: 'herald_queues=forged' } })).status).toBe(401);
    const marketer = await api.request<{ message: string }>('GET', '/queues/api/queues', { token });
    expect(marketer.status).toBe(403);
    expect(marketer.body.message).toMatch(/needs the ADMIN role/);
    const board = await api.request<{ queues: { name: string }[] }>('GET', '/queues/api/queues', { token: admin });
    expect(board.status).toBe(200);
    expect(board.body.queues.map((q) => q.name)).toContain('dispatch');

    const session = await api.request('POST', '/jobs/dashboard-session', { token: admin });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^herald_queues=/);
    expect((await api.request('GET', '/queues', { headers: { cookie } })).status).toBe(200);
    expect((await api.request('POST', '/jobs/dashboard-session', { token })).status).toBe(403);
  });
});
