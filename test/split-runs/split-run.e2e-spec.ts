import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type {
  MailingReportResponse,
  SplitRunApprovalResponse,
  SplitRunPlanResponse,
  SplitRunReportResponse,
  SplitRunResponse,
} from '@herald/contracts';
import { bullConnection, QueueName } from '@herald/queue';
import { BROWSER_AGENT, caughtMail, mailingInStatus, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

const HTML = '<html><body><p>Hello</p><a href="https://example.com/offer">Offer</a></body></html>';
const PROFILES = 200;

describe('split-run end to end: test groups, the winner by clicks, the remainder', () => {
  let stack: E2eStack;
  let databaseId: number;
  let documentId: number;

  const request = <T>(method: string, path: string, body?: unknown, token = stack.token) =>
    stack.api.request<T>(method, path, { token, body });

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true, catcher: { maxKept: 5_000 } });
    const { accountId, prisma } = stack;
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await prisma.profile.createMany({
      data: Array.from({ length: PROFILES }, (_, i) => ({ accountId, databaseId, email: `p${i}@example.test` })),
    });
    const document = await request<{ id: number }>('POST', '/documents', {
      name: 'Offer',
      fromAddress: 'news@herald.example',
      subject: 'Subject A',
      html: HTML,
    });
    documentId = document.body.id;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const create = (body: Record<string, unknown>) =>
    request<SplitRunResponse & { message?: string; issues?: Array<{ path: string }> }>('POST', '/split-runs', {
      name: 'Offer test',
      target: { targetType: 'DATABASE', databaseId },
      ...body,
    });

  it('refuses bad input with what is wrong and where, and another account’s document', async () => {
    const one = await create({ variants: [{ documentId }] });
    expect(one.status).toBe(400);
    expect(JSON.stringify(one.body)).toContain('variants');
    const tooMuch = await create({
      variants: [
        { documentId, groupPercent: 60 },
        { documentId, groupPercent: 50 },
      ],
    });
    expect(tooMuch.status).toBe(400);
    expect(JSON.stringify(tooMuch.body)).toContain('110 %');
    const both = await create({ variants: [{ documentId, groupPercent: 10, groupCount: 5 }, { documentId }] });
    expect(both.status).toBe(400);
    const eleven = await create({ variants: Array.from({ length: 11 }, () => ({ documentId })) });
    expect(eleven.status).toBe(400);
    const other = await stack.newAccount();
    const foreign = await stack.prisma.document.create({
      data: { accountId: other, name: 'Theirs', channel: 'EMAIL' },
    });
    const stranger = await create({ variants: [{ documentId }, { documentId: foreign.id }] });
    expect(stranger.status).toBe(404);
    // Another account's split-run is not there.
    const strangerToken = await stack.userToken('MARKETER', other);
    const mine = await create({ variants: [{ documentId }, { documentId }] });
    expect(mine.status).toBe(201);
    expect((await request('GET', `/split-runs/${mine.body.id}`, undefined, strangerToken)).status).toBe(404);
    expect((await request('POST', `/split-runs/${mine.body.id}/start`, undefined, strangerToken)).status).toBe(404);
    // Its variants' mailings go out and change through the split-run only.
    const variantMailing = mine.body.variants[0]!.mailingId!;
    const direct = await request<{ message: string }>('POST', `/mailings/${variantMailing}/send`);
    expect(direct.status).toBe(409);
    expect(direct.body.message).toContain(`part of split-run ${mine.body.id}`);
    expect((await request('PATCH', `/mailings/${variantMailing}`, { name: 'Other' })).status).toBe(409);
    expect((await request('POST', `/split-runs/${mine.body.id}/stop`)).status).toBe(200);
  });

  it('sends A and B to disjoint groups of 25 %, B wins on clicks after the wait, the remainder receives B once', async () => {
    const created = await create({
      criterion: 'UNIQUE_CLICKS',
      waitMinutes: 60,
      variants: [{ documentId }, { documentId, subject: 'Subject B' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const [a, b] = created.body.variants;

    const plan = await request<SplitRunPlanResponse>('GET', `/split-runs/${id}/plan?expectedRate=0.1`);
    expect(plan.body).toMatchObject({ target: 200, groups: [{ size: 50 }, { size: 50 }], remainder: 100 });
    // (1.959964 + 0.841621) · √(0.1 · 0.9 · (2 / 50)) · 100 = 16.81 percentage points
    expect(plan.body.detectableDifference).toBeCloseTo(16.81, 1);

    const started = await request<SplitRunResponse>('POST', `/split-runs/${id}/start`);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('TESTING');
    expect((await request('POST', `/split-runs/${id}/start`)).status).toBe(409);
    const testing = await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
      (r) => r.status === 'WAITING',
      { what: 'the test groups to be drawn and queued' },
    );
    expect(testing.variants.map((v) => v.groupSize)).toEqual([50, 50]);
    await mailingInStatus(stack, a!.mailingId!, 'SENT', { timeoutMs: 60_000 });
    await mailingInStatus(stack, b!.mailingId!, 'SENT', { timeoutMs: 60_000 });

    const tests = await caughtMail(stack.catcher);
    const groupA = tests.recipients().filter((who) => tests.message(who).subject === 'Subject A');
    const groupB = tests.recipients().filter((who) => tests.message(who).subject === 'Subject B');
    expect(groupA).toHaveLength(50);
    expect(groupB).toHaveLength(50);
    expect(groupA.filter((who) => groupB.includes(who))).toEqual([]);
    expect(stack.catcher.messages()).toHaveLength(100);

    // People click (after the machine window): 30 of B's group, 5 of A's.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const click = async (who: string) => {
      const link = tests.links(who).find((href) => href.includes('/t/c/'))!;
      const res = await fetch(link, { headers: { 'user-agent': BROWSER_AGENT }, redirect: 'manual' });
      expect(res.status).toBe(302);
    };
    for (const who of groupB.slice(0, 30)) await click(who);
    for (const who of groupA.slice(0, 5)) await click(who);
    await waitFor(
      async () => (await request<SplitRunReportResponse>('GET', `/split-runs/${id}/report`)).body,
      (r) => r.variants[1]?.figures.clicks.unique === 30 && r.variants[0]?.figures.clicks.unique === 5,
      { what: 'the clicks in the report', timeoutMs: 30_000 },
    );

    // The waiting period, shortened: its delayed job is promoted to run now.
    const queue = new Queue(QueueName.SplitRun, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    try {
      const job = await queue.getJob(`split-run-decide-${id}`);
      expect(await job!.getState()).toBe('delayed');
      await job!.promote();
      const decided = await waitFor(
        async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
        (r) => r.finalMailingId !== null,
        { what: 'the winner', timeoutMs: 30_000 },
      );
      expect(decided.winnerVariantId).toBe(b!.id);
      // DECIDED while the remainder sends, FINISHED once it has (it may have by now).
      expect(['DECIDED', 'FINISHED']).toContain(decided.status);
      expect(decided.winnerReason).toContain('Variant B has the highest unique clicks');
      await mailingInStatus(stack, decided.finalMailingId!, 'SENT', { timeoutMs: 60_000 });
      // The report of each of its mailings names the split-run: the way back to the comparison.
      for (const mailingId of [a!.mailingId!, b!.mailingId!, decided.finalMailingId!]) {
        const own = await request<MailingReportResponse>('GET', `/mailings/${mailingId}/report`);
        expect(own.body.mailing.splitRunId).toBe(id);
      }
      const finished = await waitFor(
        async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
        (r) => r.status === 'FINISHED',
        { what: 'the split-run to finish with its remainder' },
      );
      expect(new Date(finished.finishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(decided.decidedAt!).getTime());

      // The job once more (a retry after a crash): nothing is sent again.
      await queue.add('decide-split-run', { splitRunId: id, accountId: stack.accountId }, { jobId: 'again' });
      await waitFor(
        async () => (await queue.getJob('again'))?.getState(),
        (state) => state === 'completed',
        { what: 'the repeated decision' },
      );
    } finally {
      await queue.close();
    }
    expect(await stack.prisma.mailing.count({ where: { splitRunId: id } })).toBe(3);

    const all = await caughtMail(stack.catcher);
    expect(stack.catcher.messages()).toHaveLength(PROFILES);
    const counts = stack.catcher.recipientCounts();
    for (let i = 0; i < PROFILES; i++) expect(counts.get(`p${i}@example.test`), `p${i}`).toBe(1);
    const remainder = all.recipients().filter((who) => !groupA.includes(who) && !groupB.includes(who));
    expect(remainder).toHaveLength(100);
    for (const who of remainder) expect(all.message(who).subject).toBe('Subject B');

    const report = (await request<SplitRunReportResponse>('GET', `/split-runs/${id}/report`)).body;
    expect(report.variants.map((v) => [v.label, v.figures.sent, v.figures.clicks.unique, v.winner])).toEqual([
      ['A', 50, 5, false],
      ['B', 50, 30, true],
    ]);
    expect(report.winner).toMatchObject({ variantId: b!.id, rule: 'best' });
    expect(report.significance).toMatchObject({ significant: true, tested: 'unique clicks / messages sent' });
    expect(report.significance!.pValue).toBeLessThan(0.001);
    expect(report.significance!.sentence).toBe('B is better than A with 99 % confidence.');
    expect(report.remainder!.sent).toBe(100);
    expect(report.whole.sent).toBe(PROFILES);

    // Too late to stop it or choose another winner.
    expect((await request('POST', `/split-runs/${id}/stop`)).status).toBe(409);
    expect((await request('POST', `/split-runs/${id}/winner`, { variantId: a!.id })).status).toBe(409);
  }, 240_000);

  /** A database of `n` profiles named `<prefix><i>@example.test`. */
  async function readers(prefix: string, n: number): Promise<number> {
    const { accountId, prisma } = stack;
    const id = (await prisma.database.create({ data: { accountId, name: prefix } })).id;
    await prisma.profile.createMany({
      data: Array.from({ length: n }, (_, i) => ({ accountId, databaseId: id, email: `${prefix}${i}@example.test` })),
    });
    return id;
  }
  const received = (prefix: string) =>
    [...stack.catcher.recipientCounts()].filter(([address]) => address.startsWith(prefix));

  it('an A/B test without a winner splits the whole target at once and sends no remainder', async () => {
    const db = await readers('ab', 101);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'A/B',
      target: { targetType: 'DATABASE', databaseId: db },
      withWinner: false,
      variants: [{ documentId }, { documentId, subject: 'Subject B' }],
    });
    await request<SplitRunResponse>('POST', `/split-runs/${created.body.id}/start`);
    const started = await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${created.body.id}`)).body,
      // Without a winner to wait for it may be FINISHED before the first poll: the test groups' send time is what says it started.
      (r) => r.testsSentAt !== null,
      { what: 'the A/B test to start' },
    );
    expect(started.variants.map((v) => v.groupSize)).toEqual([51, 50]);
    expect(started.decideAt).toBeNull();
    expect(await queued(`split-run-decide-${created.body.id}`)).toBe(false);
    for (const v of started.variants) await mailingInStatus(stack, v.mailingId!, 'SENT', { timeoutMs: 60_000 });
    // Without a winner there is no remainder: it is finished when every variant has sent.
    const finished = await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${created.body.id}`)).body,
      (r) => r.status === 'FINISHED',
      { what: 'the A/B test to finish' },
    );
    expect(finished.finishedAt).not.toBeNull();
    const got = received('ab');
    expect(got).toHaveLength(101);
    expect(got.every(([, n]) => n === 1)).toBe(true);
    expect(
      (await request('POST', `/split-runs/${created.body.id}/winner`, { variantId: started.variants[1]!.id })).status,
    ).toBe(409);
    const report = (await request<SplitRunReportResponse>('GET', `/split-runs/${created.body.id}/report`)).body;
    expect(report.remainder).toBeNull();
    expect(report.whole.sent).toBe(101);
  });

  it('when the win must be significant and is not, waits for a choice by hand, then sends that', async () => {
    const db = await readers('wait', 40);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'Careful',
      target: { targetType: 'DATABASE', databaseId: db },
      criterion: 'UNIQUE_CLICKS',
      significanceLevel: 0.95,
      fallback: 'WAIT',
      variants: [{ documentId }, { documentId, subject: 'Subject B' }],
    });
    const id = created.body.id;
    await request('POST', `/split-runs/${id}/start`);
    for (const v of created.body.variants) await mailingInStatus(stack, v.mailingId!, 'SENT', { timeoutMs: 60_000 });
    await promoteDecision(id);
    const waiting = await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
      (r) => r.winnerReason !== null,
      { what: 'the decision to wait' },
    );
    expect(waiting).toMatchObject({ status: 'WAITING', finalMailingId: null });
    expect(waiting.winnerReason).toContain('Waiting for a choice by hand.');
    expect(received('wait')).toHaveLength(20);

    const b = created.body.variants[1]!;
    expect((await request('POST', `/split-runs/${id}/winner`, { variantId: 999_999 })).status).toBe(404);
    expect((await request('POST', `/split-runs/${id}/winner`, { variantId: 'B' })).status).toBe(400);
    expect((await request('POST', `/split-runs/${id}/winner`, { variantId: b.id })).status).toBe(202);
    const decided = await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
      (r) => r.finalMailingId !== null,
      { what: 'the manual winner' },
    );
    expect(decided.winnerVariantId).toBe(b.id);
    expect(decided.winnerReason).toMatch(/^Variant B chosen by hand by user \d+\.$/);
    await mailingInStatus(stack, decided.finalMailingId!, 'SENT', { timeoutMs: 60_000 });
    const got = received('wait');
    expect(got).toHaveLength(40);
    expect(got.every(([, n]) => n === 1)).toBe(true);
  });

  it('stops before the remainder goes', async () => {
    const db = await readers('stop', 20);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'Stopped',
      target: { targetType: 'DATABASE', databaseId: db },
      variants: [{ documentId }, { documentId, subject: 'Subject B' }],
    });
    const id = created.body.id;
    await request('POST', `/split-runs/${id}/start`);
    for (const v of created.body.variants) await mailingInStatus(stack, v.mailingId!, 'SENT', { timeoutMs: 60_000 });
    const stopped = await request<SplitRunResponse>('POST', `/split-runs/${id}/stop`);
    expect(stopped.body).toMatchObject({ status: 'CANCELLED', finalMailingId: null, finishedAt: null });
    expect(stopped.body.cancelledAt).not.toBeNull();
    expect((await request<{ message: string }>('POST', `/split-runs/${id}/stop`)).body.message).toContain(
      'stopped already',
    );
    await promoteDecision(id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body;
    expect(after).toMatchObject({ status: 'CANCELLED', finalMailingId: null });
    expect(received('stop')).toHaveLength(10);
    // The report shows it stopped, and the audit log says who stopped it when.
    const report = (await request<SplitRunReportResponse>('GET', `/split-runs/${id}/report`)).body;
    expect(report.splitRun.status).toBe('CANCELLED');
    expect(report.remainder).toBeNull();
    const audit = await stack.prisma.auditEntry.findMany({
      where: { subjectType: 'split-run', subjectId: id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['split-run.started', 'split-run.stopped']);
    expect(audit[1]!.detail).toMatchObject({ was: 'WAITING', unsentVariants: 0 });
  });

  it('in an account that requires approval, starts nothing until another ADMIN approves the split-run', async () => {
    const admin = await stack.userToken('ADMIN');
    expect((await request('PUT', '/settings/approval', { approvalRequired: true }, admin)).status).toBe(200);
    try {
      const db = await readers('approval', 8);
      const created = await request<SplitRunResponse>('POST', '/split-runs', {
        name: 'Needs approval',
        target: { targetType: 'DATABASE', databaseId: db },
        variants: [{ documentId }, { documentId, subject: 'Subject B' }],
      });
      const refused = await request<{ message: string }>('POST', `/split-runs/${created.body.id}/start`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/approval/);
      expect((await request<SplitRunResponse>('GET', `/split-runs/${created.body.id}`)).body.status).toBe('DRAFT');
      expect(await stack.prisma.splitRunMember.count({ where: { splitRunId: created.body.id } })).toBe(0);

      // One request and one decision for the split-run, recorded on each variant (each is content of
      // its own: an edit of one withdraws its approval only); then it starts, and the remainder, the
      // approved winner, needs no approval of its own.
      const id = created.body.id;
      const [a, b] = created.body.variants;
      const approval = `/split-runs/${id}/approval`;
      expect((await request<SplitRunApprovalResponse>('GET', approval)).body).toMatchObject({
        required: true,
        approved: false,
        variants: [{ state: 'not-requested' }, { state: 'not-requested' }],
      });
      const early = await request<{ message: string }>('POST', `${approval}/decision`, { decision: 'APPROVED' }, admin);
      expect(early.status).toBe(409);
      expect(early.body.message).toContain('Variant A of split-run');
      const asked = await request<SplitRunApprovalResponse>('POST', `${approval}/request`);
      expect(asked.status).toBe(200);
      expect(asked.body.variants.map((v) => v.state)).toEqual(['requested', 'requested']);
      // The author may not decide (a MARKETER, or an ADMIN deciding on their own work), nor a bad body.
      expect((await request('POST', `${approval}/decision`, { decision: 'APPROVED' })).status).toBe(403);
      expect((await request('POST', `${approval}/decision`, { decision: 'MAYBE' }, admin)).status).toBe(400);
      expect((await request('POST', `${approval}/decision`, { decision: 'REJECTED' }, admin)).status).toBe(400);
      const other = await stack.userToken('ADMIN', await stack.newAccount());
      expect((await request('POST', `${approval}/decision`, { decision: 'APPROVED' }, other)).status).toBe(404);
      expect((await request('GET', approval, undefined, other)).status).toBe(404);
      const decided = await request<SplitRunApprovalResponse>(
        'POST',
        `${approval}/decision`,
        { decision: 'APPROVED' },
        admin,
      );
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ approved: true, variants: [{ state: 'approved' }, { state: 'approved' }] });
      expect(
        await stack.prisma.approval.count({
          where: { mailingId: { in: [a!.mailingId!, b!.mailingId!] }, decision: 'APPROVED' },
        }),
      ).toBe(2);
      expect((await request('POST', `/split-runs/${id}/start`)).status).toBe(202);
      expect((await request('POST', `${approval}/request`)).status).toBe(409);
      for (const v of [a!, b!]) await mailingInStatus(stack, v.mailingId!, 'SENT', { timeoutMs: 60_000 });
      await promoteDecision(id);
      const sent = (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body;
      await mailingInStatus(stack, sent.finalMailingId!, 'SENT', { timeoutMs: 60_000 });
      expect(received('approval')).toHaveLength(8);
    } finally {
      await request('PUT', '/settings/approval', { approvalRequired: false }, admin);
    }
  });

  it('a scheduled split-run sends its test groups at the moment given, not before', async () => {
    const db = await readers('later', 20);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'Later',
      target: { targetType: 'DATABASE', databaseId: db },
      variants: [{ documentId }, { documentId, subject: 'Subject B' }],
    });
    const id = created.body.id;
    expect((await request('POST', `/split-runs/${id}/start?at=tomorrow`)).status).toBe(400);
    expect((await request('POST', `/split-runs/${id}/start?at=2999-01-01T00:00:00Z`)).status).toBe(400);
    const at = new Date(Date.now() + 3_000);
    const scheduled = await request<SplitRunResponse>('POST', `/split-runs/${id}/start?at=${at.toISOString()}`);
    expect(scheduled.status).toBe(202);
    expect(scheduled.body).toMatchObject({ status: 'TESTING', scheduledAt: at.toISOString(), testsSentAt: null });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(received('later')).toHaveLength(0);
    for (const v of created.body.variants) await mailingInStatus(stack, v.mailingId!, 'SENT', { timeoutMs: 60_000 });
    const sent = (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body;
    expect(new Date(sent.testsSentAt!).getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(received('later')).toHaveLength(10);
    expect((await request('POST', `/split-runs/${id}/stop`)).status).toBe(200);
  });

  it('variants by time of sending: each group goes at its own moment, the wait counts from the last', async () => {
    const db = await readers('timed', 40);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'Morning or noon',
      target: { targetType: 'DATABASE', databaseId: db },
      waitMinutes: 30,
      variants: [{ documentId }, { documentId, subject: 'Subject B', sendAfterMinutes: 180 }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const [a, b] = created.body.variants;
    expect([a!.sendAfterMinutes, b!.sendAfterMinutes]).toEqual([0, 180]);

    expect((await request('POST', `/split-runs/${id}/start`)).status).toBe(202);
    await mailingInStatus(stack, a!.mailingId!, 'SENT', { timeoutMs: 60_000 });
    // A's group has gone, B's waits for its moment: still testing, B's mailing a draft, nobody has B.
    const testing = (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body;
    expect(testing).toMatchObject({ status: 'TESTING', testsSentAt: null });
    const scheduledAt = new Date(testing.scheduledAt!).getTime();
    // The waiting period (30 min) counts from B's send, 180 minutes after the start.
    expect(new Date(testing.decideAt!).getTime() - scheduledAt).toBe((180 + 30) * 60_000);
    expect((await stack.prisma.mailing.findUniqueOrThrow({ where: { id: b!.mailingId! } })).status).toBe('DRAFT');
    expect(received('timed')).toHaveLength(10);
    const variantJob = await jobOf(`split-run-variant-${b!.id}`);
    expect(variantJob.state).toBe('delayed');
    expect(variantJob.at - scheduledAt).toBeGreaterThanOrEqual(180 * 60_000 - 5_000);
    expect(variantJob.at - scheduledAt).toBeLessThanOrEqual(180 * 60_000 + 5_000);
    expect((await jobOf(`split-run-decide-${id}`)).state).toBe('delayed');
    // Too early to choose: the winner is chosen once every group has gone.
    expect((await request('POST', `/split-runs/${id}/winner`, { variantId: a!.id })).status).toBe(409);

    // B's moment, shortened: its job runs now and its group gets B.
    await promoteJob(`split-run-variant-${b!.id}`);
    await mailingInStatus(stack, b!.mailingId!, 'SENT', { timeoutMs: 60_000 });
    const waiting = (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body;
    expect(waiting.status).toBe('WAITING');
    expect(new Date(waiting.testsSentAt!).getTime()).toBeGreaterThan(scheduledAt);
    expect(received('timed')).toHaveLength(20);

    await promoteDecision(id);
    const decided = (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body;
    expect(decided.finalMailingId).not.toBeNull();
    await mailingInStatus(stack, decided.finalMailingId!, 'SENT', { timeoutMs: 60_000 });
    await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
      (r) => r.status === 'FINISHED',
      { what: 'the split-run to finish' },
    );
    const got = received('timed');
    expect(got).toHaveLength(40);
    expect(got.every(([, n]) => n === 1)).toBe(true);
  });

  it('a decision due before a late group went decides nothing; that group’s job, when it runs, decides', async () => {
    const db = await readers('tardy', 20);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'Worker down',
      target: { targetType: 'DATABASE', databaseId: db },
      waitMinutes: 30,
      variants: [{ documentId }, { documentId, subject: 'Subject B', sendAfterMinutes: 60 }],
    });
    const id = created.body.id;
    const [a, b] = created.body.variants;
    await request('POST', `/split-runs/${id}/start`);
    await mailingInStatus(stack, a!.mailingId!, 'SENT', { timeoutMs: 60_000 });
    // The worker was down past both moments; the decision happens to run first.
    await promoteDecision(id);
    expect((await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body).toMatchObject({
      status: 'TESTING',
      finalMailingId: null,
    });
    await stack.prisma.splitRun.update({ where: { id }, data: { decideAt: new Date(Date.now() - 1_000) } });
    await promoteJob(`split-run-variant-${b!.id}`);
    const decided = await waitFor(
      async () => (await request<SplitRunResponse>('GET', `/split-runs/${id}`)).body,
      (r) => r.finalMailingId !== null,
      { what: 'the decision queued again by the late group' },
    );
    await mailingInStatus(stack, decided.finalMailingId!, 'SENT', { timeoutMs: 60_000 });
    const got = received('tardy');
    expect(got).toHaveLength(20);
    expect(got.every(([, n]) => n === 1)).toBe(true);
  });

  it('a stop before a later variant’s moment keeps its group unsent', async () => {
    const db = await readers('halt', 20);
    const created = await request<SplitRunResponse>('POST', '/split-runs', {
      name: 'Halted',
      target: { targetType: 'DATABASE', databaseId: db },
      variants: [{ documentId }, { documentId, subject: 'Subject B', sendAfterMinutes: 60 }],
    });
    const id = created.body.id;
    const [a, b] = created.body.variants;
    await request('POST', `/split-runs/${id}/start`);
    await mailingInStatus(stack, a!.mailingId!, 'SENT', { timeoutMs: 60_000 });
    const stopped = await request<SplitRunResponse>('POST', `/split-runs/${id}/stop`);
    expect(stopped.body.status).toBe('CANCELLED');
    expect((await stack.prisma.mailing.findUniqueOrThrow({ where: { id: b!.mailingId! } })).status).toBe('CANCELLED');
    // Its moment comes (the job promoted): nothing goes.
    await promoteJob(`split-run-variant-${b!.id}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(received('halt')).toHaveLength(5);
    expect(await stack.prisma.destination.count({ where: { mailingId: b!.mailingId! } })).toBe(0);
    const audit = await stack.prisma.auditEntry.findFirstOrThrow({
      where: { subjectType: 'split-run', subjectId: id, action: 'split-run.stopped' },
    });
    expect(audit.detail).toMatchObject({ was: 'TESTING', unsentVariants: 1 });
  });

  it('refuses a malformed or oversized time of sending, and bad ids on every split-run route', async () => {
    const target = { targetType: 'DATABASE', databaseId };
    for (const sendAfterMinutes of [-1, 1.5, 43_201, '60', null]) {
      const res = await request<{ issues: Array<{ path: string }> }>('POST', '/split-runs', {
        name: 'Bad time',
        target,
        variants: [{ documentId }, { documentId, sendAfterMinutes }],
      });
      expect(res.status, JSON.stringify(sendAfterMinutes)).toBe(400);
      expect(res.body.issues.map((i) => i.path)).toContain('variants.1.sendAfterMinutes');
    }
    const long = await request('POST', '/split-runs', {
      name: 'x'.repeat(256),
      target,
      variants: [{ documentId }, { documentId }],
    });
    expect(long.status).toBe(400);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', ''],
      ['GET', '/plan'],
      ['GET', '/report'],
      ['POST', '/start'],
      ['POST', '/stop'],
      ['POST', '/winner', { variantId: 1 }],
    ];
    for (const [method, tail, body] of routes)
      for (const bad of ['abc', '1.5', '2147483648', '-1']) {
        const res = await request(method, `/split-runs/${bad}${tail}`, body);
        expect(res.status, `${method} /split-runs/${bad}${tail}`).toBe(400);
      }
    const other = await stack.newAccount();
    const theirs = await stack.userToken('ADMIN', other);
    const mine = await create({ variants: [{ documentId }, { documentId }] });
    for (const [method, tail, body] of routes) {
      const res = await request(method, `/split-runs/${mine.body.id}${tail}`, body, theirs);
      expect(res.status, `${method} ${tail} as another account`).toBe(404);
    }
    // The list holds the account's own split-runs only, newest first.
    const listed = (await request<SplitRunResponse[]>('GET', '/split-runs')).body;
    expect(listed[0]!.id).toBe(mine.body.id);
    expect(listed.map((r) => r.id)).toEqual([...listed.map((r) => r.id)].sort((x, y) => y - x));
    expect((await request<SplitRunResponse[]>('GET', '/split-runs', undefined, theirs)).body).toEqual([]);
    expect((await request('GET', `/split-runs/${mine.body.id}/plan?expectedRate=2`)).status).toBe(400);
    expect((await request('GET', `/split-runs/${mine.body.id}/plan?level=abc`)).status).toBe(400);
    expect((await request('POST', `/split-runs/${mine.body.id}/winner`, { variantId: 2147483648 })).status).toBe(400);
    expect((await request('POST', `/split-runs/${mine.body.id}/stop`)).status).toBe(200);
  });

  it('plans a split-run not saved yet over the target as given: the mailing form’s live count', async () => {
    const plan = (body: Record<string, unknown>, token = stack.token) =>
      request<SplitRunPlanResponse & { message?: string }>(
        'POST',
        '/split-runs/plan',
        { target: { targetType: 'DATABASE', databaseId }, ...body },
        token,
      );
    const given = await plan({ variants: [{ groupPercent: 25 }, { groupPercent: 10 }], expectedRate: 0.1 });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({
      target: PROFILES,
      groups: [
        { label: 'A', size: 50 },
        { label: 'B', size: 20 },
      ],
      remainder: 130,
    });
    // (1.959964 + 0.841621) · √(0.1 · 0.9 · (1/20 + 1/50)) · 100 = 22.23 percentage points
    expect(given.body.detectableDifference).toBeCloseTo(22.23, 1);
    expect((await plan({ variants: [{}, {}] })).body.groups.map((g) => g.size)).toEqual([50, 50]);
    const ab = await plan({ withWinner: false, variants: [{}, {}, {}] });
    expect(ab.body).toMatchObject({ remainder: 0 });
    expect(ab.body.groups.map((g) => g.size)).toEqual([67, 67, 66]);
    const tooBig = await plan({ variants: [{ groupCount: 150 }, { groupCount: 100 }] });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toBe('The test groups need 250 recipients; the target has 200');
    expect((await plan({ variants: [{}] })).status).toBe(400);
    expect((await plan({ variants: Array.from({ length: 11 }, () => ({})) })).status).toBe(400);
    expect((await plan({ variants: [{ groupPercent: 'half' }, {}] })).status).toBe(400);
    expect((await plan({ target: { targetType: 'DATABASE' }, variants: [{}, {}] })).status).toBe(400);
    const other = await stack.userToken('ADMIN', await stack.newAccount());
    expect((await plan({ variants: [{}, {}] }, other)).status).toBe(404);
  });

  /** A job of the split-run queue: its state and when it is due. */
  async function jobOf(id: string): Promise<{ state: string; at: number }> {
    const queue = new Queue(QueueName.SplitRun, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    try {
      const job = await queue.getJob(id);
      return { state: await job!.getState(), at: job!.timestamp + (job!.delay ?? 0) };
    } finally {
      await queue.close();
    }
  }

  /** Whether a job of the split-run queue with this id is there. */
  async function queued(id: string): Promise<boolean> {
    const queue = new Queue(QueueName.SplitRun, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    try {
      return (await queue.getJob(id)) !== undefined;
    } finally {
      await queue.close();
    }
  }

  /** The waiting period, shortened: the decision's delayed job runs now. */
  function promoteDecision(id: number): Promise<void> {
    return promoteJob(`split-run-decide-${id}`);
  }

  /** A delayed job of the split-run queue runs now; resolves when it has completed. */
  async function promoteJob(id: string): Promise<void> {
    const queue = new Queue(QueueName.SplitRun, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    try {
      const job = await queue.getJob(id);
      await job!.promote();
      await waitFor(
        async () => job!.getState(),
        (state) => state === 'completed',
        { what: `job ${id}` },
      );
    } finally {
      await queue.close();
    }
  }
});
