import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '@herald/domain';
import { JobName, QueueName } from '@herald/queue';
import { JobDeferral, runJob, type JobHandlers } from './job-runner';

function fakeJob(name: string): Job & { moveToDelayed: ReturnType<typeof vi.fn> } {
  return {
    name,
    data: { importId: 7, accountId: 3 },
    moveToDelayed: vi.fn(async () => undefined),
  } as unknown as Job & {
    moveToDelayed: ReturnType<typeof vi.fn>;
  };
}

const failingWith = (error: unknown): JobHandlers =>
  ({ [JobName.ImportProfiles]: async () => Promise.reject(error) }) as JobHandlers;

describe('runJob: one error policy for every queue', () => {
  it('hands the payload to the handler of the job name and returns its result', async () => {
    const handlers: JobHandlers = {
      [JobName.ImportProfiles]: async (data) => `import ${data.importId} of ${data.accountId}`,
    };
    expect(await runJob(QueueName.Imports, handlers, fakeJob(JobName.ImportProfiles), 'token')).toBe('import 7 of 3');
  });

  it('fails a job with no handler at once, naming the job and the queue', async () => {
    await expect(runJob(QueueName.Imports, {}, fakeJob('mystery'), 'token')).rejects.toThrow(
      new UnrecoverableError('Unknown job mystery on queue imports'),
    );
  });

  it('fails a domain error at once: retrying would only repeat it', async () => {
    const error = runJob(
      QueueName.Imports,
      failingWith(DomainError.invalidState('no document')),
      fakeJob(JobName.ImportProfiles),
      't',
    );
    await expect(error).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(error).rejects.toThrow('no document');
  });

  it('rethrows any other error as it is, for BullMQ to retry with back-off', async () => {
    const broken = new TypeError("Cannot read properties of undefined (reading 'id')");
    await expect(runJob(QueueName.Imports, failingWith(broken), fakeJob(JobName.ImportProfiles), 't')).rejects.toBe(
      broken,
    );
  });

  it('waits for PostgreSQL without spending an attempt, longer each time it is still down', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const delays: number[] = [];
    for (const attemptsStarted of [1, 4, 30]) {
      const job = Object.assign(fakeJob(JobName.ImportProfiles), { attemptsStarted });
      const before = Date.now();
      await expect(runJob(QueueName.Imports, failingWith(down), job, 'tok')).rejects.toBeInstanceOf(DelayedError);
      delays.push((job.moveToDelayed.mock.calls[0]![0] as number) - before);
    }
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeLessThanOrEqual(5_000 + 50);
  });

  it('delays a deferred job by its delay without spending an attempt', async () => {
    const job = fakeJob(JobName.ImportProfiles);
    const before = Date.now();
    await expect(
      runJob(QueueName.Imports, failingWith(new JobDeferral('provider down', 4_000)), job, 'tok'),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(job.moveToDelayed).toHaveBeenCalledTimes(1);
    const [at, token] = job.moveToDelayed.mock.calls[0]! as [number, string];
    expect(token).toBe('tok');
    expect(at).toBeGreaterThanOrEqual(before + 4_000);
    expect(at).toBeLessThan(Date.now() + 4_000 + 1);
  });

  it('without a lock token a deferral cannot move the job: it is rethrown and costs an attempt', async () => {
    const deferral = new JobDeferral('stopping', 0);
    const job = fakeJob(JobName.ImportProfiles);
    await expect(runJob(QueueName.Imports, failingWith(deferral), job, undefined)).rejects.toBe(deferral);
    expect(job.moveToDelayed).not.toHaveBeenCalled();
  });
});
