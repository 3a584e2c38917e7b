import { describe, expect, it } from 'vitest';
import { connectionsPerProcess } from './email-transport';

describe('connectionsPerProcess', () => {
  it('shares an SMTP server connection limit between worker processes without exceeding it', () => {
    expect(connectionsPerProcess(4, 1)).toBe(4);
    expect(connectionsPerProcess(4, 2)).toBe(2);
    expect(connectionsPerProcess(5, 2)).toBe(2);
    expect(connectionsPerProcess(4, 3)).toBe(1);
    for (let limit = 1; limit <= 20; limit++) {
      for (let processes = 1; processes <= limit; processes++)
        expect(connectionsPerProcess(limit, processes) * processes).toBeLessThanOrEqual(limit);
    }
  });
  it('leaves each process one connection when there are more processes than connections', () => {
    expect(connectionsPerProcess(1, 2)).toBe(1);
    expect(connectionsPerProcess(2, 8)).toBe(1);
  });
});
