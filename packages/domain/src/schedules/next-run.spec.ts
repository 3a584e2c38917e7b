import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import {
  changeSkippedOccurrences,
  MAX_SKIPPED_OCCURRENCES,
  nextRun,
  storedScheduleRule,
  upcomingOccurrences,
  type StoredScheduleTiming,
} from './next-run';

// Every Tuesday at 09:00 Amsterdam from 1 December 2026 (CET, UTC+1): 08:00Z.
const weekly = (skipped: Date[] = [], maxRuns = 0): StoredScheduleTiming => ({
  recurrence: { kind: 'WEEKLY', interval: 1, days: ['TU'] },
  timezone: 'Europe/Amsterdam',
  startAt: new Date('2026-12-01T08:00:00Z'),
  endDate: null,
  maxRuns,
  skippedOccurrences: skipped,
});
const at = (iso: string) => new Date(iso);
const now = at('2026-12-02T12:00:00Z');

describe('skipped occurrences', () => {
  it('are left out of the next run and of a window, and the run after them comes as planned', () => {
    const rule = storedScheduleRule(weekly([at('2026-12-08T08:00:00Z'), at('2026-12-22T08:00:00Z')]));
    expect(nextRun(rule, now, null)).toEqual(at('2026-12-15T08:00:00Z'));
    expect(rule.next(at('2026-12-15T08:00:00Z'))).toEqual(at('2026-12-29T08:00:00Z'));
    expect(rule.between(at('2026-12-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([
      at('2026-12-01T08:00:00Z'),
      at('2026-12-15T08:00:00Z'),
      at('2026-12-29T08:00:00Z'),
    ]);
    expect(rule.between(at('2026-12-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 2)).toHaveLength(2);
    expect(rule.summary(at('2026-12-15T08:00:00Z'))).toBe(
      'every week on Tuesday at 09:00 Europe/Amsterdam, without end, 2 skipped; next: 15 December 2026 09:00',
    );
  });

  it('still count towards a number of runs, as RFC 5545 EXDATE does', () => {
    // 3 runs: 1, 8 and 15 December; skipping the 8th leaves 1 and 15 December.
    const rule = storedScheduleRule(weekly([at('2026-12-08T08:00:00Z')], 3));
    expect(rule.between(at('2026-12-01T00:00:00Z'), at('2027-02-01T00:00:00Z'))).toEqual([
      at('2026-12-01T08:00:00Z'),
      at('2026-12-15T08:00:00Z'),
    ]);
  });

  it('are listed with the runs to come, marked', () => {
    expect(upcomingOccurrences(weekly([at('2026-12-15T08:00:00Z')]), now, 3)).toEqual([
      { at: at('2026-12-08T08:00:00Z'), skipped: false },
      { at: at('2026-12-15T08:00:00Z'), skipped: true },
      { at: at('2026-12-22T08:00:00Z'), skipped: false },
    ]);
  });

  it('change only for a run of the schedule that is still to come', () => {
    const stored = weekly([at('2026-11-24T08:00:00Z')]); // passed: dropped on the next change
    expect(changeSkippedOccurrences(stored, at('2026-12-15T08:00:00Z'), 'skip', now)).toEqual([
      at('2026-12-15T08:00:00Z'),
    ]);
    const skipped = weekly([at('2026-12-15T08:00:00Z'), at('2026-12-08T08:00:00Z')]);
    expect(changeSkippedOccurrences(skipped, at('2026-12-15T08:00:00Z'), 'skip', now)).toEqual([
      at('2026-12-08T08:00:00Z'),
      at('2026-12-15T08:00:00Z'),
    ]);
    expect(changeSkippedOccurrences(skipped, at('2026-12-08T08:00:00Z'), 'restore', now)).toEqual([
      at('2026-12-15T08:00:00Z'),
    ]);

    const refusal = (when: string, change: 'skip' | 'restore' = 'skip') => {
      try {
        changeSkippedOccurrences(stored, at(when), change, now);
      } catch (error) {
        return error as DomainError;
      }
      throw new Error(`${when} was accepted`);
    };
    expect(refusal('2026-12-01T08:00:00Z').message).toMatch(/has passed/);
    expect(refusal('2026-12-08T09:00:00Z').issues).toEqual([
      { path: 'occurrenceAt', message: expect.stringContaining('is not a run of this schedule') },
    ]);
    expect(refusal('2026-12-09T08:00:00Z', 'restore').message).toMatch(/not a run of this schedule/);
  });

  it(`keep at most ${MAX_SKIPPED_OCCURRENCES} to come`, () => {
    const many = Array.from({ length: MAX_SKIPPED_OCCURRENCES }, (_, i) => new Date(Date.UTC(2026, 11, 8 + 7 * i, 8)));
    expect(() => changeSkippedOccurrences(weekly(many), many.at(-1)!, 'skip', now)).not.toThrow();
    const beyond = new Date(many.at(-1)!.getTime() + 7 * 86_400_000);
    expect(() => changeSkippedOccurrences(weekly(many), beyond, 'skip', now)).toThrow(/at most 100/);
  });
});
