import { describe, expect, it } from 'vitest';
import { bullConnection } from './connection';
import { jobId } from './queues';

describe('queue helpers', () => {
  it('makes job ids without colons', () => {
    expect(jobId('dispatch', 12, 'a:b')).toBe('dispatch-12-a_b');
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
