import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitRunResponse } from '@herald/contracts';
import { mailingInStatus, startE2eStack, waitFor, type E2eStack } from '../support/e2e';
import { builtProcessesPresent, startWorkerProcess, type HeraldProcess } from '../support/processes';

const PROFILES = 400;

describe.skipIf(!builtProcessesPresent)('split-run: the worker SIGKILLed during the waiting period', () => {
  let stack: E2eStack;
  let worker: HeraldProcess | undefined;

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: { maxKept: 5_000 }, worker: false });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await stack?.stop();
  });

  it('sends the remainder after the restart, exactly once', async () => {
    const { prisma, api, catcher, config, accountId, token } = stack;
    const database = await prisma.database.create({ data: { accountId, name: 'Readers' } });
    await prisma.profile.createMany({
      data: Array.from({ length: PROFILES }, (_, i) => ({
        accountId,
        databaseId: database.id,
        email: `p${i}@example.test`,
      })),
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name: 'Offer', fromAddress: 'news@herald.example', subject: 'A', html: '<p>Hello</p>' },
    });
    const created = await api.request<SplitRunResponse>('POST', '/split-runs', {
      token,
      body: {
        name: 'Crash',
        target: { targetType: 'DATABASE', databaseId: database.id },
        // One minute, the shortest the API takes: a real delayed job that outlives the worker.
        waitMinutes: 1,
        variants: [
          { documentId: document.body.id, groupPercent: 10 },
          { documentId: document.body.id, subject: 'B', groupPercent: 10 },
        ],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    worker = await startWorkerProcess(config);
    await api.request('POST', `/split-runs/${id}/start`, { token });
    for (const v of created.body.variants) await mailingInStatus(stack, v.mailingId!, 'SENT', { timeoutMs: 60_000 });
    expect(catcher.count().messages).toBe(80);

    // Killed while waiting: the decision is a delayed job in Redis, not a timer in the process.
    await worker.stop('SIGKILL');
    worker = undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await prisma.splitRun.findUniqueOrThrow({ where: { id } })).finalMailingId).toBeNull();
    worker = await startWorkerProcess(config);

    const decided = await waitFor(
      () => prisma.splitRun.findUniqueOrThrow({ where: { id } }),
      (run) => run.finalMailingId !== null,
      { timeoutMs: 120_000, intervalMs: 500, what: 'the winner after the waiting period' },
    );
    // Nobody opened or clicked: no data, so the first variant, by rule.
    expect(decided.winnerReason).toContain('variant A, the first, by rule');
    await mailingInStatus(stack, decided.finalMailingId!, 'SENT', { timeoutMs: 60_000 });

    expect(await prisma.mailing.count({ where: { splitRunId: id } })).toBe(3);
    const counts = catcher.recipientCounts();
    expect(counts.size).toBe(PROFILES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 240_000);
});
