import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import {
  assertStepAllowed,
  assertTargetChangeAllowed,
  howEnded,
  isEditable,
  MAILING_STEPS,
  timeLimitOf,
  timeLimitPassed,
  type MailingStatus,
} from './mailing-lifecycle';

const ALL: MailingStatus[] = ['DRAFT', 'SCHEDULED', 'QUEUED', 'SENDING', 'SENT', 'CANCELLED', 'FAILED'];

describe('the mailing lifecycle', () => {
  it('lets each step start only where docs/rules/sending.md says', () => {
    const allowed = Object.fromEntries(
      Object.entries(MAILING_STEPS).map(([step, { from, to }]) => [step, `${from.join('|')} -> ${to}`]),
    );
    expect(allowed).toEqual({
      schedule: 'DRAFT -> SCHEDULED',
      unschedule: 'SCHEDULED -> DRAFT',
      queue: 'DRAFT -> QUEUED',
      'start-sending': 'QUEUED -> SENDING',
      finish: 'SENDING -> SENT',
      complete: 'SCHEDULED -> SENT',
      cancel: 'DRAFT|SCHEDULED -> CANCELLED',
      stop: 'DRAFT|SCHEDULED|QUEUED|SENDING -> CANCELLED',
    });
  });

  it('has no step out of a final state', () => {
    for (const final of ['SENT', 'CANCELLED', 'FAILED'] as const)
      for (const { from } of Object.values(MAILING_STEPS)) expect(from).not.toContain(final);
  });

  it('keeps only drafts and scheduled mailings editable', () => {
    expect(ALL.filter(isEditable)).toEqual(['DRAFT', 'SCHEDULED']);
  });

  it('keeps the target of a scheduled mailing', () => {
    const target = {
      targetType: 'DATABASE',
      databaseId: 2,
      collectionId: null,
      selectionId: null,
      toSubprofiles: false,
    };
    const other = { ...target, targetType: 'SELECTION', selectionId: 3 };
    expect(() => assertTargetChangeAllowed({ id: 4, status: 'DRAFT', ...target }, other)).not.toThrow();
    expect(() => assertTargetChangeAllowed({ id: 4, status: 'SCHEDULED', ...target }, target)).not.toThrow();
    expect(() => assertTargetChangeAllowed({ id: 4, status: 'SCHEDULED', ...target }, other)).toThrow(
      'Mailing 4 is scheduled and its target cannot change: delete the schedule',
    );
  });

  it('says why a step may not be taken, pointing a marketer at the admin for a started mailing', () => {
    expect(() => assertStepAllowed(4, 'DRAFT', 'queue')).not.toThrow();
    expect(() => assertStepAllowed(4, 'SENT', 'queue')).toThrow('Mailing 4 is SENT; only a draft mailing can be sent');
    expect(() => assertStepAllowed(4, 'SCHEDULED', 'queue')).toThrow('its schedule sends it; delete the schedule');
    expect(() => assertStepAllowed(4, 'SCHEDULED', 'schedule')).toThrow('change its schedule instead');
    expect(() => assertStepAllowed(4, 'SENDING', 'cancel')).toThrow('an admin can stop it');
    expect(() => assertStepAllowed(4, 'SENT', 'stop')).toThrow('there is nothing to stop');
    expect(() => assertStepAllowed(4, 'CANCELLED', 'cancel')).toThrow(DomainError);
  });

  it('ends a mailing its maximum duration after it started sending, and not without one', () => {
    const startedAt = new Date('2026-12-08T09:00:00Z');
    expect(timeLimitOf({ startedAt, maxDurationMinutes: 90 })).toEqual(new Date('2026-12-08T10:30:00Z'));
    expect(timeLimitOf({ startedAt, maxDurationMinutes: null })).toBeNull();
    expect(timeLimitOf({ startedAt: null, maxDurationMinutes: 90 })).toBeNull();
    const limited = { startedAt, maxDurationMinutes: 1 };
    expect(timeLimitPassed(limited, new Date('2026-12-08T09:00:59.999Z'))).toBe(false);
    expect(timeLimitPassed(limited, new Date('2026-12-08T09:01:00Z'))).toBe(true);
    expect(timeLimitPassed({ startedAt, maxDurationMinutes: null }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('says how a mailing ended early: stopped, cancelled, or at its time limit with destinations unsent', () => {
    const startedAt = new Date('2026-12-08T09:00:00Z');
    const cancelledAt = new Date('2026-12-08T09:05:00Z');
    const base = { startedAt, cancelledAt: null, maxDurationMinutes: 30 };
    expect(howEnded({ ...base, status: 'SENT' }, 12)).toEqual({
      how: 'time-limit',
      at: new Date('2026-12-08T09:30:00Z'),
    });
    expect(howEnded({ ...base, status: 'SENT' }, 0)).toBeNull();
    expect(howEnded({ ...base, status: 'SENDING' }, 0)).toBeNull();
    expect(howEnded({ ...base, status: 'CANCELLED', cancelledAt }, 3)).toEqual({ how: 'stopped', at: cancelledAt });
    expect(howEnded({ ...base, status: 'CANCELLED', startedAt: null, cancelledAt }, 0)).toEqual({
      how: 'cancelled',
      at: cancelledAt,
    });
  });
});
