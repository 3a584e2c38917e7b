import { describe, expect, it } from 'vitest';
import { DomainErrorCode } from '../domain-error';
import { approvalRequired, approvalStateOf, assertApprovedIfRequired, assertMayDecide } from './approval';

const admin = { userId: 2, role: 'ADMIN' as const };
const requested = { kind: 'mailing' as const, id: 7, authorId: 1, state: 'requested' as const };

describe('approval', () => {
  it('is needed only where the account asks for it, and not again for the run of an approved schedule', () => {
    expect(approvalRequired({ approvalRequired: false }, { kind: 'mailing' })).toBe(false);
    expect(approvalRequired({ approvalRequired: true }, { kind: 'mailing' })).toBe(true);
    expect(approvalRequired({ approvalRequired: true }, { kind: 'schedule' })).toBe(true);
    expect(approvalRequired({ approvalRequired: true }, { kind: 'mailing', scheduleId: 3 })).toBe(false);
  });

  it('reads the newest request; an edit supersedes it', () => {
    expect(approvalStateOf(null)).toBe('not-requested');
    expect(approvalStateOf({ decision: null, supersededAt: null })).toBe('requested');
    expect(approvalStateOf({ decision: 'APPROVED', supersededAt: null })).toBe('approved');
    expect(approvalStateOf({ decision: 'REJECTED', supersededAt: null })).toBe('rejected');
    expect(approvalStateOf({ decision: 'APPROVED', supersededAt: new Date() })).toBe('not-requested');
  });

  it('lets another ADMIN decide, never the author, a marketer or an API key', () => {
    expect(() => assertMayDecide(admin, requested)).not.toThrow();
    expect(() => assertMayDecide({ userId: 1, role: 'ADMIN' }, requested)).toThrow(
      expect.objectContaining({ code: DomainErrorCode.Forbidden, message: expect.stringMatching(/You created/) }),
    );
    expect(() => assertMayDecide({ userId: 3, role: 'MARKETER' }, requested)).toThrow(/Only an ADMIN/);
    expect(() => assertMayDecide({ userId: null, role: 'ADMIN' }, requested)).toThrow(/API key/);
    expect(() => assertMayDecide(admin, { ...requested, state: 'approved' })).toThrow(
      expect.objectContaining({ code: DomainErrorCode.InvalidState }),
    );
  });

  it('blocks sending what needs approval and lacks it, saying why', () => {
    expect(() => assertApprovedIfRequired(false, { kind: 'mailing', id: 7, state: 'not-requested' })).not.toThrow();
    expect(() => assertApprovedIfRequired(true, { kind: 'mailing', id: 7, state: 'approved' })).not.toThrow();
    expect(() => assertApprovedIfRequired(true, { kind: 'mailing', id: 7, state: 'requested' })).toThrow(
      /needs the approval of an ADMIN other than its author.*still open/,
    );
    expect(() => assertApprovedIfRequired(true, { kind: 'schedule', id: 4, state: 'rejected' })).toThrow(
      /Schedule 4 .*rejected/,
    );
  });
});
