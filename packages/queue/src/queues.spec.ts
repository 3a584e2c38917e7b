import { describe, expect, it } from 'vitest';
import { bullConnection } from './connection';
import { fireScheduleJob, jobId } from './queues';

describe('queue helpers', () => {
  it('makes job ids without colons', () => {
    expect(jobId('dispatch', 12, 'a:b')).toBe('dispatch-12-a_b');
  });
  it("delays a schedule's firing job from the given now, never below zero", () => {
    const at = new Date('2026-12-08T08:00:00Z');
    const job = fireScheduleJob({ scheduleId: 7, accountId: 3 }, at, new Date('2026-12-08T07:59:00Z'));
    expect(job.opts).toEqual({ jobId: `schedule-7-${at.getTime()}`, delay: 60_000 });
    expect(job.data).toEqual({ scheduleId: 7, accountId: 3, occurrenceAt: '2026-12-08T08:00:00.000Z' });
    expect(fireScheduleJob({ scheduleId: 7, accountId: 3 }, at, new Date('2026-12-08T09:00:00Z')).opts.delay).toBe(0);
  });
  it('parses a redis URL', () => {
    expect(bullConnection('redis://:s%40cret@example:6380/2')).toMatchObject({
      host: 'example',
      port: 6380,
      password: 's@cret',
      db: 2,
    });
  });
});
