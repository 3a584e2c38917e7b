import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import {
  assertStepAllowed,
  assertTargetChangeAllowed,
  isEditable,
  MAILING_STEPS,
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
});
