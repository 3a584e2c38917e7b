import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { MailingResponse, ScheduleResponse } from '@herald/contracts';
import { Clock } from '@herald/domain';
import { bullConnection, jobId, QueueName } from '@herald/queue';
import { FireScheduleHandler } from '../../apps/worker/src/schedules/fire-schedule.handler';
import { PreSendChecks } from '../../apps/worker/src/schedules/pre-send-checks';
import type { PrismaClient } from '@herald/db';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

/**
 * Schedules end to end (issue 15): the API saves a schedule and queues its delayed job; the worker fires
 * it into the usual dispatch and send pipeline; the SMTP sink shows what went out.
 */
describe('scheduled mailings', () => {
  let stack: E2eStack;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let accountId: number;
  let databaseId: number;
  let profileIds: number[];

  const soon = (ms = 2_500) => new Date(Date.now() + ms).toISOString();

  async function draftMailing(
    name: string,
    subject: string,
    target = databaseId,
  ): Promise<{ mailingId: number; documentId: number }> {
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name, fromAddress: 'news@herald.example', subject, html: '<p>Hello {{ email }}</p>' },
    });
    expect(document.status).toBe(201);
    const mailing = await api.request<MailingResponse>('POST', '/mailings', {
      token,
      body: { name, documentId: document.body.id, targetType: 'DATABASE', databaseId: target },
    });
    expect(mailing.status).toBe(201);
    // As the mailing form's check step does: a schedule is refused while a warning is not acknowledged.
    await acknowledgeWarnings(api, token, mailing.body.id);
    return { mailingId: mailing.body.id, documentId: document.body.id };
  }

  const schedule = (mailingId: number, body: unknown) =>
    api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule`, { token, body });
  const scheduleOf = async (mailingId: number) =>
    (await api.request<ScheduleResponse>('GET', `/mailings/${mailingId}/schedule`, { token })).body;
  const runsOf = (mailingId: number, n: number) =>
    waitFor(
      () => scheduleOf(mailingId),
      (s) => s.runs.length >= n,
      { timeoutMs: 30_000, what: `${n} run(s) of the schedule of mailing ${mailingId}` },
    );

  /**
   * One "now" for the API and the worker, read from `now` until `restore` (BullMQ delays are computed
   * from it), with the worker's firing handler to call as the test moves it and the schedules queue.
   */
  function controlClocks(now: () => Date) {
    const clocks = [api.app.get(Clock, { strict: false }), stack.worker.get(Clock, { strict: false })];
    const realNow = clocks.map((c) => c.now.bind(c));
    for (const c of clocks) c.now = now;
    const queue = new Queue(QueueName.Schedules, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    return {
      fire: stack.worker.get(FireScheduleHandler, { strict: false }),
      queue,
      restore: async () => {
        clocks.forEach((c, i) => (c.now = realNow[i]!));
        await queue.close();
      },
    };
  }

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: { keep: 'all' } });
    ({ prisma, api, token, accountId } = stack);
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await prisma.profile.createMany({
      data: Array.from({ length: 4 }, (_, i) => ({ accountId, databaseId, email: `r${i}@example.test`, values: {} })),
    });
    profileIds = (await prisma.profile.findMany({ where: { databaseId }, orderBy: { id: 'asc' } })).map((p) => p.id);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('fires a once-schedule with the newest document version, leaving out who unsubscribed after scheduling', async () => {
    const { mailingId, documentId } = await draftMailing('Once', 'Version 1');
    const created = await schedule(mailingId, { recurrence: { kind: 'ONCE' }, startAt: soon(3_000), timezone: 'UTC' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mailingId, active: true, runCount: 0, runs: [] });
    expect(created.body.summary).toMatch(/^once on .* UTC; next: /);
    expect((await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body.status).toBe(
      'SCHEDULED',
    );

    // After scheduling, before the run: a new version of the document, and a reader unsubscribes.
    expect(
      (await api.request('PATCH', `/documents/${documentId}`, { token, body: { subject: 'Version 2' } })).status,
    ).toBe(200);
    expect(
      (await api.request('POST', `/profiles/${profileIds[1]}/unsubscribe`, { token, body: { reason: 'asked' } }))
        .status,
    ).toBe(200);

    const { runs } = await runsOf(mailingId, 1);
    expect(runs[0]).toMatchObject({ status: 'QUEUED', reason: null });
    const run = await mailingInStatus(stack, runs[0]!.mailingId!, 'SENT', { timeoutMs: 30_000 });
    expect(run.progress).toMatchObject({ destinations: 4, sent: 3, suppressed: 1 });
    expect(run.name).toMatch(/^Once \(/);
    const caught = stack.catcher.messages().filter((m) => m.subject === 'Version 2' || m.subject === 'Version 1');
    expect(caught.map((m) => m.envelope.to[0]).sort()).toEqual([
      'r0@example.test',
      'r2@example.test',
      'r3@example.test',
    ]);
    expect(new Set(caught.map((m) => m.subject))).toEqual(new Set(['Version 2']));

    const after = await scheduleOf(mailingId);
    expect(after).toMatchObject({ runCount: 1, nextRunAt: null });
    expect(after.summary).toMatch(/; no more runs$/);
    // The scheduled mailing is not sent itself (each run is a mailing of its own), but with no run left
    // it is done: SENT, no longer SCHEDULED, and its schedule can no longer change.
    const done = (await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body;
    expect(done).toMatchObject({ status: 'SENT', documentVersionId: null });
    expect(done.finishedAt).not.toBeNull();
    expect((await api.request('POST', `/mailings/${mailingId}/schedule/deactivate`, { token })).status).toBe(409);
    await prisma.profile.update({ where: { id: profileIds[1] }, data: { unsubscribedAt: null } });
  });

  it('fires at the right local time across both DST changes and on second Tuesdays, by a controllable clock', async () => {
    // One "now" for the API and the worker, moved by the test; BullMQ delays are computed from it.
    let now = new Date('2026-10-12T12:00:00Z');
    const { fire, queue, restore } = controlClocks(() => now);
    try {
      /** Schedules a new mailing at the clock's now, then fires each occurrence as the clock reaches it. */
      const runThrough = async (name: string, body: unknown, expected: string[]): Promise<string[]> => {
        const { mailingId } = await draftMailing(name, `${name} news`);
        const created = await schedule(mailingId, body);
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const names: string[] = [];
        for (const occurrence of expected) {
          const waiting = await scheduleOf(mailingId);
          expect(waiting.nextRunAt).toBe(occurrence);
          const job = await queue.getJob(jobId('schedule', created.body.id, new Date(occurrence).getTime()));
          expect(job?.opts.delay).toBe(new Date(occurrence).getTime() - now.getTime());
          now = new Date(new Date(occurrence).getTime() + 1_000);
          expect(await fire.run({ scheduleId: created.body.id, accountId, occurrenceAt: occurrence })).toBe('queued');
          const run = (await scheduleOf(mailingId)).runs[0]!;
          names.push((await api.request<MailingResponse>('GET', `/mailings/${run.mailingId}`, { token })).body.name);
        }
        expect((await scheduleOf(mailingId)).nextRunAt).toBeNull();
        // Its last run made, the scheduled mailing is done.
        expect((await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body.status).toBe(
          'SENT',
        );
        return names;
      };

      const weekly = (startAt: string) => ({
        recurrence: { kind: 'WEEKLY', days: ['MO'] },
        startAt,
        timezone: 'Europe/Amsterdam',
        maxRuns: 2,
      });
      // Autumn: CEST (UTC+2) until Sunday 25 October 2026, CET (UTC+1) after.
      expect(
        await runThrough('Autumn', weekly('2026-10-19T09:00'), [
          '2026-10-19T07:00:00.000Z',
          '2026-10-26T08:00:00.000Z',
        ]),
      ).toEqual(['Autumn (19 October 2026 09:00)', 'Autumn (26 October 2026 09:00)']);
      // Spring: CET until Sunday 28 March 2027, CEST after.
      now = new Date('2027-03-15T12:00:00Z');
      expect(
        await runThrough('Spring', weekly('2027-03-22T09:00'), [
          '2027-03-22T08:00:00.000Z',
          '2027-03-29T07:00:00.000Z',
        ]),
      ).toEqual(['Spring (22 March 2027 09:00)', 'Spring (29 March 2027 09:00)']);
      // The second Tuesday: 1 December 2026, 5 January 2027 and 2 February 2027 are the first ones.
      now = new Date('2026-11-20T12:00:00Z');
      expect(
        await runThrough(
          'Second',
          {
            recurrence: { kind: 'MONTHLY', weekday: 'TU', weekOfMonth: 2 },
            startAt: '2026-12-01T09:00',
            timezone: 'Europe/Amsterdam',
            maxRuns: 3,
          },
          ['2026-12-08T08:00:00.000Z', '2027-01-12T08:00:00.000Z', '2027-02-09T08:00:00.000Z'],
        ),
      ).toEqual(['Second (8 December 2026 09:00)', 'Second (12 January 2027 09:00)', 'Second (9 February 2027 09:00)']);
    } finally {
      await restore();
    }
  });

  it('sends nothing while deactivated and sends once reactivated', async () => {
    const { mailingId } = await draftMailing('Daily', 'Daily news');
    const created = await schedule(mailingId, {
      recurrence: { kind: 'DAILY' },
      startAt: soon(2_000),
      timezone: 'Europe/Amsterdam',
    });
    expect(created.status).toBe(201);
    const off = await api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule/deactivate`, { token });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, nextRunAt: null });
    expect(off.body.summary).toMatch(/^every day at \d\d:\d\d Europe\/Amsterdam, without end; deactivated$/);

    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect((await scheduleOf(mailingId)).runs).toEqual([]);
    expect(stack.catcher.messages().filter((m) => m.subject === 'Daily news')).toEqual([]);

    // Two seconds late is within the grace: the occurrence it missed while deactivated still runs.
    const on = await api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule/activate`, { token });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    const { runs } = await runsOf(mailingId, 1);
    await mailingInStatus(stack, runs[0]!.mailingId!, 'SENT', { timeoutMs: 30_000 });
    expect(stack.catcher.messages().filter((m) => m.subject === 'Daily news')).toHaveLength(4);
    const after = await scheduleOf(mailingId);
    expect(after.runCount).toBe(1);
    // Tomorrow, same local time.
    expect(new Date(after.nextRunAt!).getTime() - new Date(runs[0]!.occurrenceAt).getTime()).toBe(86_400_000);
  });

  it('records a run whose target emptied after scheduling as skipped, with the reason', async () => {
    const emptyDb = (await prisma.database.create({ data: { accountId, name: 'Gone' } })).id;
    const leaving = await prisma.profile.create({
      data: { accountId, databaseId: emptyDb, email: 'left@example.test', values: {} },
    });
    const { mailingId } = await draftMailing('Nobody', 'Nobody reads this', emptyDb);
    expect((await schedule(mailingId, { recurrence: { kind: 'ONCE' }, startAt: soon(4_000) })).status).toBe(201);
    // The only reader leaves between scheduling and the run.
    expect(
      (await api.request('POST', `/profiles/${leaving.id}/unsubscribe`, { token, body: { reason: 'asked' } })).status,
    ).toBe(200);
    const { runs } = await runsOf(mailingId, 1);
    expect(runs[0]).toMatchObject({
      status: 'SKIPPED',
      mailingId: null,
      reason: 'the target is empty: nobody to send to (1 unsubscribed)',
    });
    // The account's list of schedules, which the admin app's list and calendar read, says so too.
    const listed = await api.request<ScheduleResponse[]>('GET', '/schedules', { token });
    expect(listed.body.find((s) => s.mailingId === mailingId)?.runs[0]).toMatchObject({
      status: 'SKIPPED',
      reason: 'the target is empty: nobody to send to (1 unsubscribed)',
    });
    expect(stack.catcher.messages().filter((m) => m.subject === 'Nobody reads this')).toEqual([]);
  });

  it('records a run that the pre-send checks block as skipped, with their finding', async () => {
    const checks = stack.worker.get(PreSendChecks, { strict: false });
    const none = checks.check.bind(checks);
    checks.check = () =>
      Promise.resolve([
        { blocking: false, message: 'no text version' },
        { blocking: true, message: 'the spam score 6.2 is over 5' },
      ]);
    try {
      const { mailingId } = await draftMailing('Spammy', 'Spammy news');
      expect((await schedule(mailingId, { recurrence: { kind: 'ONCE' }, startAt: soon() })).status).toBe(201);
      const { runs } = await runsOf(mailingId, 1);
      expect(runs[0]).toMatchObject({
        status: 'SKIPPED',
        mailingId: null,
        reason: 'blocked by the pre-send checks: the spam score 6.2 is over 5',
      });
      expect(stack.catcher.messages().filter((m) => m.subject === 'Spammy news')).toEqual([]);
    } finally {
      checks.check = none;
    }
  });

  it('fires the schedules of one second together; one whose stored timing no longer reads ends skipped, not the rest', async () => {
    const good = await draftMailing('Together', 'Together news');
    const bad = await draftMailing('Broken', 'Broken news');
    const startAt = soon(6_000);
    for (const { mailingId } of [good, bad])
      expect((await schedule(mailingId, { recurrence: { kind: 'DAILY' }, startAt, timezone: 'UTC' })).status).toBe(201);
    await prisma.schedule.update({ where: { mailingId: bad.mailingId }, data: { recurrence: { kind: 'HOURLY' } } });

    expect((await runsOf(good.mailingId, 1)).runs[0]).toMatchObject({ status: 'QUEUED', reason: null });
    // Read from the database: the API cannot describe a schedule whose timing does not read.
    const brokenRun = await waitFor(
      () => prisma.scheduleRun.findFirst({ where: { schedule: { mailingId: bad.mailingId } } }),
      (run) => run !== null,
      { timeoutMs: 30_000, what: 'the run of the broken schedule' },
    );
    expect(brokenRun).toMatchObject({ status: 'SKIPPED', mailingId: null });
    expect(brokenRun!.reason).toMatch(
      /^the schedule cannot be read: its recurrence does not read \(kind: .+\); the schedule ends$/,
    );
    expect(await prisma.schedule.findUnique({ where: { mailingId: bad.mailingId } })).toMatchObject({
      active: false,
      nextRunAt: null,
    });
    // The account's list still answers, without the one it cannot read.
    const list = await api.request<ScheduleResponse[]>('GET', '/schedules', { token });
    expect(list.status).toBe(200);
    expect(list.body.map((s) => s.mailingId)).not.toContain(bad.mailingId);
  });

  it('does not run an occurrence whose run key is written already', async () => {
    const { mailingId } = await draftMailing('Keyed', 'Keyed news');
    const created = await schedule(mailingId, { recurrence: { kind: 'ONCE' }, startAt: soon(3_000) });
    expect(created.status).toBe(201);
    // As if another worker had fired it: the run key is there, its follow-up not.
    await prisma.scheduleRun.create({
      data: {
        accountId,
        scheduleId: created.body.id,
        occurrenceAt: new Date(created.body.nextRunAt!),
        status: 'SKIPPED',
        reason: 'test',
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await prisma.mailing.count({ where: { scheduleId: created.body.id } })).toBe(0);
    expect(stack.catcher.messages().filter((m) => m.subject === 'Keyed news')).toEqual([]);
  });

  it('with approval on, activates only once another ADMIN approved, and skips a run whose approval an edit withdrew', async () => {
    const approvals = await stack.newAccount('Approvals');
    const author = await stack.userToken('ADMIN', approvals);
    const approver = await stack.userToken('ADMIN', approvals);
    const db = (await prisma.database.create({ data: { accountId: approvals, name: 'A' } })).id;
    await prisma.profile.create({
      data: { accountId: approvals, databaseId: db, email: 'a@example.test', values: {} },
    });
    expect(
      (await api.request('PUT', '/settings/approval', { token: author, body: { approvalRequired: true } })).status,
    ).toBe(200);
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token: author,
      body: { name: 'Approved', fromAddress: 'news@herald.example', subject: 'Approved news', html: '<p>Hi</p>' },
    });
    const mailingId = (
      await api.request<MailingResponse>('POST', '/mailings', {
        token: author,
        body: { name: 'Approved', documentId: document.body.id, targetType: 'DATABASE', databaseId: db },
      })
    ).body.id;
    await acknowledgeWarnings(api, author, mailingId);
    const body = { recurrence: { kind: 'DAILY' }, startAt: soon(60_000) };
    const refused = await api.request('POST', `/mailings/${mailingId}/schedule`, { token: author, body });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/needs the approval of an ADMIN other than its author/);

    expect((await api.request('POST', `/mailings/${mailingId}/approval/request`, { token: author })).status).toBe(200);
    const own = await api.request('POST', `/mailings/${mailingId}/approval/decision`, {
      token: author,
      body: { decision: 'APPROVED' },
    });
    expect(own.status).toBe(403);
    const approved = await api.request('POST', `/mailings/${mailingId}/approval/decision`, {
      token: approver,
      body: { decision: 'APPROVED' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBeLessThan(300);
    const created = await api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule`, {
      token: author,
      body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // An edit withdraws the approval: the run that comes due is skipped, saying why.
    const edited = await api.request('PATCH', `/mailings/${mailingId}/schedule`, {
      token: author,
      body: { startAt: soon(2_000), subject: 'Changed after approval' },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const { runs } = await waitFor(
      async () =>
        (await api.request<ScheduleResponse>('GET', `/mailings/${mailingId}/schedule`, { token: author })).body,
      (s) => s.runs.length > 0,
      { timeoutMs: 30_000, what: 'the run of the approved schedule' },
    );
    expect(runs[0]).toMatchObject({
      status: 'SKIPPED',
      reason: 'needs the approval of an ADMIN other than its author (approval not requested)',
    });
    const audit = await api.request<{ items: { action: string }[] }>('GET', '/audit-log?subjectType=schedule', {
      token: approver,
    });
    expect(audit.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['schedule.created', 'schedule.changed']),
    );
  });

  it('skips one run to come and lets it go again: the skipped run sends nothing, the schedule goes on', async () => {
    let now = new Date('2026-11-30T12:00:00Z');
    const { fire, queue, restore } = controlClocks(() => now);
    try {
      const { mailingId } = await draftMailing('Tuesday', 'Tuesday news');
      // Every Tuesday 09:00 Amsterdam (08:00Z in winter), four runs: 1, 8, 15 and 22 December.
      const created = await schedule(mailingId, {
        recurrence: { kind: 'WEEKLY', days: ['TU'] },
        startAt: '2026-12-01T09:00',
        timezone: 'Europe/Amsterdam',
        maxRuns: 4,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id;
      const dec = (day: number) => `2026-12-${String(day).padStart(2, '0')}T08:00:00.000Z`;
      expect(created.body.upcoming).toEqual([1, 8, 15, 22].map((d) => ({ at: dec(d), skipped: false })));
      // The list of schedules leaves the next runs out: a few milliseconds each, for up to 500 schedules.
      const listed = await api.request<ScheduleResponse[]>('GET', '/schedules', { token });
      expect(listed.body.find((l) => l.mailingId === mailingId)).not.toHaveProperty('upcoming');
      const change = (what: 'skip' | 'restore', occurrenceAt: unknown, as = token) =>
        api.request<ScheduleResponse>('POST', `/mailings/${mailingId}/schedule/${what}`, {
          token: as,
          body: { occurrenceAt },
        });

      // Skipping the run it waits for: it waits for the next one, whose job replaces the skipped one's.
      const skipped = await change('skip', dec(1));
      expect(skipped.status, JSON.stringify(skipped.body)).toBe(200);
      expect(skipped.body.nextRunAt).toBe(dec(8));
      expect(skipped.body.summary).toBe(
        'every week on Tuesday at 09:00 Europe/Amsterdam, 4 runs, 1 skipped; next: 8 December 2026 09:00',
      );
      expect(skipped.body.upcoming!.slice(0, 2)).toEqual([
        { at: dec(1), skipped: true },
        { at: dec(8), skipped: false },
      ]);
      expect(await queue.getJob(jobId('schedule', id, Date.parse(dec(1))))).toBeUndefined();
      expect((await queue.getJob(jobId('schedule', id, Date.parse(dec(8)))))?.opts.delay).toBe(
        Date.parse(dec(8)) - now.getTime(),
      );
      // A change of the timing keeps it skipped.
      const edited = await api.request<ScheduleResponse>('PATCH', `/mailings/${mailingId}/schedule`, {
        token,
        body: { maxRuns: 4, startAt: '2026-12-01T09:00' },
      });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(edited.body.nextRunAt).toBe(dec(8));
      // Skipping it twice is no change; skipping and restoring another one leaves it to go.
      expect((await change('skip', dec(1))).body.nextRunAt).toBe(dec(8));
      expect((await change('skip', dec(15))).body.upcoming![2]).toEqual({ at: dec(15), skipped: true });
      const restored = await change('restore', dec(15));
      expect(restored.status).toBe(200);
      expect(restored.body.upcoming![2]).toEqual({ at: dec(15), skipped: false });

      // The calendar shows the skipped run, marked.
      const calendar = await api.request<Array<{ at: string; mailingId: number; skipped: boolean }>>(
        'GET',
        '/schedules/calendar?from=2026-11-30T00:00:00Z&to=2026-12-31T00:00:00Z',
        { token },
      );
      expect(calendar.body.filter((r) => r.mailingId === mailingId).map((r) => [r.at, r.skipped])).toEqual([
        [dec(1), true],
        [dec(8), false],
        [dec(15), false],
        [dec(22), false],
      ]);

      // Refused, saying why and where: not a run of it, a run that passed, malformed, another account's.
      const notARun = await change('skip', '2026-12-02T08:00:00.000Z');
      expect(notARun.status).toBe(400);
      expect(JSON.stringify(notARun.body)).toMatch(/"path":"occurrenceAt".*is not a run of this schedule/);
      for (const malformed of ['next Tuesday', 20261208, null, 'x'.repeat(10_000)]) {
        const res = await change('skip', malformed);
        expect(res.status, String(malformed).slice(0, 20)).toBe(400);
        expect(JSON.stringify(res.body)).toMatch(/occurrenceAt/);
      }
      const extra = await api.request('POST', `/mailings/${mailingId}/schedule/skip`, {
        token,
        body: { occurrenceAt: dec(8), scheduleId: 1 },
      });
      expect(extra.status).toBe(400);
      const stranger = await stack.userToken('ADMIN', await stack.newAccount('Stranger'));
      expect((await change('skip', dec(8), stranger)).status).toBe(404);

      // A job left for the skipped run (its removal failed) finds it no longer awaited: nothing runs.
      now = new Date(Date.parse(dec(1)) + 1_000);
      expect(await fire.run({ scheduleId: id, accountId, occurrenceAt: dec(1) })).toBe('stale');
      expect((await scheduleOf(mailingId)).runs).toEqual([]);
      expect((await change('restore', dec(1))).status).toBe(409); // it has passed

      // The others run; the skipped one counted among the four, as RFC 5545 EXDATE does.
      for (const day of [8, 15]) {
        now = new Date(Date.parse(dec(day)) + 1_000);
        expect(await fire.run({ scheduleId: id, accountId, occurrenceAt: dec(day) })).toBe('queued');
      }
      // The last run left cannot be skipped: deactivating or deleting says what is meant.
      const last = await change('skip', dec(22));
      expect(last.status).toBe(409);
      expect(JSON.stringify(last.body)).toMatch(/last one the schedule has left/);
      now = new Date(Date.parse(dec(22)) + 1_000);
      expect(await fire.run({ scheduleId: id, accountId, occurrenceAt: dec(22) })).toBe('queued');
      const done = await scheduleOf(mailingId);
      expect(done.runs.map((r) => [r.occurrenceAt, r.status])).toEqual([
        [dec(22), 'QUEUED'],
        [dec(15), 'QUEUED'],
        [dec(8), 'QUEUED'],
      ]);
      expect(done.nextRunAt).toBeNull();

      // Who skipped and restored what, in the audit log.
      const audit = await prisma.auditEntry.findMany({
        where: { accountId, action: { in: ['schedule.run-skipped', 'schedule.run-restored'] } },
        orderBy: { id: 'asc' },
        select: { action: true, detail: true },
      });
      // Skipping the skipped run again changed nothing, and recorded nothing.
      expect(audit.map((a) => [a.action, (a.detail as { occurrenceAt: string }).occurrenceAt])).toEqual([
        ['schedule.run-skipped', dec(1)],
        ['schedule.run-skipped', dec(15)],
        ['schedule.run-restored', dec(15)],
      ]);
    } finally {
      await restore();
    }
  });

  it('keeps the target, refuses what is malformed, and hides other accounts’ mailings', async () => {
    const { mailingId } = await draftMailing('Rules', 'Rules');
    const bad = async (body: unknown, status: number, path: string | RegExp) => {
      const res = await schedule(mailingId, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(JSON.stringify(res.body)).toMatch(path);
    };
    await bad({ recurrence: { kind: 'ONCE' }, startAt: soon(), timezone: 'Mars/Olympus' }, 400, /"path":"timezone"/);
    await bad({ recurrence: { kind: 'HOURLY' }, startAt: soon() }, 400, /recurrence/);
    await bad(
      { recurrence: { kind: 'RRULE', rrule: 'FREQ=MINUTELY' }, startAt: soon() },
      400,
      /"path":"recurrence.rrule"/,
    );
    await bad({ recurrence: { kind: 'RRULE', rrule: 'x'.repeat(5_000) }, startAt: soon() }, 400, /recurrence.rrule/);
    await bad({ recurrence: { kind: 'ONCE' }, startAt: '2020-01-01T09:00' }, 400, /"path":"startAt"/);
    await bad(
      { recurrence: { kind: 'DAILY' }, startAt: soon(), endDate: '2099-01-01', maxRuns: 3 },
      400,
      /"path":"endDate"/,
    );
    await bad('not json at all', 400, /./);

    const ok = await schedule(mailingId, { recurrence: { kind: 'WEEKLY', days: ['TU'] }, startAt: '2099-01-06T09:00' });
    expect(ok.status).toBe(201);
    expect(ok.body.summary).toBe(
      'every week on Tuesday at 09:00 Europe/Amsterdam, without end; next: 6 January 2099 09:00',
    );
    expect(ok.body.rrule).toBe('FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU');
    await bad({ recurrence: { kind: 'ONCE' }, startAt: soon() }, 409, /scheduled already/);

    const target = await api.request('PATCH', `/mailings/${mailingId}/schedule`, {
      token,
      body: { targetType: 'DATABASE', databaseId },
    });
    expect(target.status).toBe(400);
    expect(JSON.stringify(target.body)).toMatch(/"path":"targetType".*delete the schedule/);
    // The same target again (the form sends every field) is no change; another one is refused.
    const same = await api.request('PATCH', `/mailings/${mailingId}`, {
      token,
      body: { name: 'Rules', targetType: 'DATABASE', databaseId },
    });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    const otherDb = (await prisma.database.create({ data: { accountId, name: 'Other' } })).id;
    const viaMailing = await api.request('PATCH', `/mailings/${mailingId}`, {
      token,
      body: { targetType: 'DATABASE', databaseId: otherDb },
    });
    expect(viaMailing.status).toBe(409);
    expect(JSON.stringify(viaMailing.body)).toMatch(/target cannot change/);
    await acknowledgeWarnings(api, token, mailingId);
    const sendNow = await api.request('POST', `/mailings/${mailingId}/send`, { token });
    expect(sendNow.status).toBe(409);
    expect(JSON.stringify(sendNow.body)).toMatch(/its schedule sends it/);

    const edited = await api.request<ScheduleResponse>('PATCH', `/mailings/${mailingId}/schedule`, {
      token,
      body: {
        recurrence: { kind: 'MONTHLY', weekday: 'TU', weekOfMonth: 2 },
        startAt: '2099-01-01T09:00',
        maxRuns: 12,
        subject: 'Rules, edited',
        settings: { maxPerMinute: 100, maxDurationMinutes: 30, trackingEnabled: false },
      },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.summary).toBe(
      'every second Tuesday of the month at 09:00 Europe/Amsterdam, 12 runs; next: 13 January 2099 09:00',
    );
    const mailing = (await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body;
    expect(mailing.settings).toMatchObject({ maxPerMinute: 100, maxDurationMinutes: 30, trackingEnabled: false });
    const calendar = await api.request<{ at: string; mailingId: number; mailingName: string }[]>(
      'GET',
      '/schedules/calendar?from=2099-01-01T00:00:00Z&to=2099-03-01T00:00:00Z',
      { token },
    );
    expect(calendar.status).toBe(200);
    expect(calendar.body.filter((r) => r.mailingId === mailingId)).toEqual([
      { at: '2099-01-13T08:00:00.000Z', scheduleId: edited.body.id, mailingId, mailingName: 'Rules', skipped: false },
      { at: '2099-02-10T08:00:00.000Z', scheduleId: edited.body.id, mailingId, mailingName: 'Rules', skipped: false },
    ]);
    const tooLong = await api.request('GET', '/schedules/calendar?from=2099-01-01T00:00:00Z&to=2099-06-01T00:00:00Z', {
      token,
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toMatch(/"path":"to".*at most 62 days/);
    const tooFew = await api.request('PATCH', `/mailings/${mailingId}/schedule`, {
      token,
      body: { settings: { maxPerMinute: 5 } },
    });
    expect(tooFew.status).toBe(400);
    expect(JSON.stringify(tooFew.body)).toMatch(/settings.maxPerMinute/);
    expect((await api.request('PATCH', `/mailings/${mailingId}/schedule`, { token, body: {} })).status).toBe(400);

    const other = await stack.userToken('ADMIN', await stack.newAccount('Other'));
    for (const [method, path] of [
      ['GET', `/mailings/${mailingId}/schedule`],
      ['PATCH', `/mailings/${mailingId}/schedule`],
      ['POST', `/mailings/${mailingId}/schedule/deactivate`],
      ['POST', `/mailings/${mailingId}/schedule/skip`],
      ['POST', `/mailings/${mailingId}/schedule/restore`],
      ['DELETE', `/mailings/${mailingId}/schedule`],
    ] as const) {
      const res = await api.request(method, path, {
        token: other,
        body:
          method === 'PATCH'
            ? { name: 'x' }
            : path.endsWith('skip') || path.endsWith('restore')
              ? { occurrenceAt: '2099-01-13T08:00:00.000Z' }
              : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await api.request<ScheduleResponse[]>('GET', '/schedules', { token: other })).body).toEqual([]);
    expect(
      (await api.request<ScheduleResponse[]>('GET', '/schedules', { token })).body.map((s) => s.mailingId),
    ).toContain(mailingId);
    expect((await api.request('GET', `/mailings/999999/schedule`, { token })).status).toBe(404);

    expect((await api.request('DELETE', `/mailings/${mailingId}/schedule`, { token })).status).toBe(204);
    expect((await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body.status).toBe('DRAFT');
    expect((await api.request('GET', `/mailings/${mailingId}/schedule`, { token })).status).toBe(404);
  }, 90_000);
});
