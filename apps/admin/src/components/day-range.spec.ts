import { afterEach, describe, expect, it } from 'vitest';
import { utcDayRange } from './day-range';

describe('utcDayRange', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  // The browser's zone must not move the days: east of Greenwich local midnight is the day before in UTC, west of it
  // the last day's evening is the next day.
  it.each(['UTC', 'Europe/Amsterdam', 'Pacific/Auckland', 'America/Los_Angeles'])(
    'starts on the From day and ends after the To day in %s',
    (zone) => {
      process.env.TZ = zone;
      expect(utcDayRange('2026-03-10', '2026-03-12')).toEqual({
        from: '2026-03-10T00:00:00.000Z',
        to: '2026-03-13T00:00:00.000Z',
      });
    },
  );

  it('covers one whole day when From and To are the same day, across a month end', () => {
    expect(utcDayRange('2026-01-31', '2026-01-31')).toEqual({
      from: '2026-01-31T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });
});
