import { describe, expect, it } from 'vitest';
import { providerUnavailableDelayMs } from './send-batch.handler';

describe('providerUnavailableDelayMs', () => {
  it('doubles from SEND_RETRY_DELAY_MS and stops growing at five minutes', () => {
    expect([1, 2, 3, 4].map((n) => providerUnavailableDelayMs(n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(providerUnavailableDelayMs(30, 60_000)).toBe(5 * 60_000);
    expect(providerUnavailableDelayMs(1_000_000, 1_000)).toBe(5 * 60_000);
  });

  it('never retries at once, even with a retry delay of 0 (a tight loop against a dead server)', () => {
    expect(providerUnavailableDelayMs(0, 0)).toBe(1_000);
    expect(providerUnavailableDelayMs(1, 0)).toBe(1_000);
  });
});
