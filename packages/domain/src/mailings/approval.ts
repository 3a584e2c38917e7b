import { DomainError, DomainErrorCode } from '../domain-error';
import type { Role } from '../roles';

/** What needs approval: a mailing, or a schedule (which then does not need it again for each run). */
export type ApprovalSubject = 'mailing' | 'schedule';

/**
 * Whether a mailing or schedule of this account needs an ADMIN other than its author to approve it
 * before it sends or activates (docs/rules/scheduling.md, Approval). The account's setting, off by
 * default; the run of an approved schedule is covered by the schedule's approval.
 */
export function approvalRequired(
  account: { approvalRequired: boolean },
  subject: { kind: ApprovalSubject; scheduleId?: number | null },
): boolean {
  if (!account.approvalRequired) return false;
  return !(subject.kind === 'mailing' && subject.scheduleId);
}

export type ApprovalState = 'not-requested' | 'requested' | 'approved' | 'rejected';

/** The state of the newest request that an edit has not superseded. */
export function approvalStateOf(
  latest: { decision: 'APPROVED' | 'REJECTED' | null; supersededAt: Date | null } | null,
): ApprovalState {
  if (!latest || latest.supersededAt) return 'not-requested';
  if (latest.decision === 'APPROVED') return 'approved';
  if (latest.decision === 'REJECTED') return 'rejected';
  return 'requested';
}

/**
 * Refuses a decision by anyone but an ADMIN other than the author (403 with the reason), and a
 * decision on what has no open request (409).
 */
export function assertMayDecide(
  decider: { userId: number | null; role: Role },
  subject: { kind: ApprovalSubject; id: number; authorId: number | null; state: ApprovalState },
): void {
  const what = `${subject.kind === 'mailing' ? 'Mailing' : 'Schedule'} ${subject.id}`;
  if (decider.role !== 'ADMIN')
    throw new DomainError(DomainErrorCode.Forbidden, `Only an ADMIN can approve or reject ${what}`);
  if (decider.userId === null)
    throw new DomainError(DomainErrorCode.Forbidden, `${what} is approved by a person: log in, an API key cannot`);
  if (subject.authorId !== null && decider.userId === subject.authorId)
    throw new DomainError(
      DomainErrorCode.Forbidden,
      `You created ${what}, so you cannot approve or reject it: another ADMIN must`,
    );
  if (subject.state !== 'requested')
    throw DomainError.invalidState(
      subject.state === 'not-requested'
        ? `${what} has no open approval request`
        : `${what} was ${subject.state} already; an edit or a new request opens it again`,
    );
}

/** Refuses to send or activate what needs approval and does not have it, saying what is missing. */
export function assertApprovedIfRequired(
  required: boolean,
  subject: { kind: ApprovalSubject; id: number; state: ApprovalState },
): void {
  if (!required || subject.state === 'approved') return;
  const what = `${subject.kind === 'mailing' ? 'Mailing' : 'Schedule'} ${subject.id}`;
  const why: Record<Exclude<ApprovalState, 'approved'>, string> = {
    'not-requested': 'request approval first',
    requested: 'its approval request is still open',
    rejected: 'it was rejected; edit it and request approval again',
  };
  throw DomainError.invalidState(
    `${what} needs the approval of an ADMIN other than its author before it is sent: ${why[subject.state]}`,
  );
}
