import { DomainError } from '../domain-error';

export type MailingStatus = 'DRAFT' | 'SCHEDULED' | 'QUEUED' | 'SENDING' | 'SENT' | 'CANCELLED' | 'FAILED';

/** What moves a mailing on, and who may. */
export type MailingStep =
  /** A marketer schedules it: it waits for its schedule, whose runs are mailings of their own. */
  | 'schedule'
  /** Its schedule is deleted: it is a draft again. */
  | 'unschedule'
  /** A marketer sends it (or a schedule's run comes due): the newest document version is frozen. */
  | 'queue'
  /** Dispatch has written every destination. */
  | 'start-sending'
  /** No destination is pending any more. */
  | 'finish'
  /** A scheduled mailing's schedule has no run left: the mailing is done, its runs hold what was sent. */
  | 'complete'
  /** A marketer cancels what has not started. */
  | 'cancel'
  /** An admin stops it, started or not: what was not handed over is not sent. */
  | 'stop';

/**
 * The lifecycle of a mailing (docs/rules/sending.md, Lifecycle): from which states each step may be
 * taken, and where it leads. Every status change goes through `mailingStatusRepository.move`, which
 * makes the change conditional on these states, so two racing steps cannot both win.
 */
export const MAILING_STEPS: Readonly<Record<MailingStep, { from: readonly MailingStatus[]; to: MailingStatus }>> = {
  schedule: { from: ['DRAFT'], to: 'SCHEDULED' },
  unschedule: { from: ['SCHEDULED'], to: 'DRAFT' },
  // A scheduled mailing is sent by its runs (each a mailing of its own), not itself.
  queue: { from: ['DRAFT'], to: 'QUEUED' },
  'start-sending': { from: ['QUEUED'], to: 'SENDING' },
  finish: { from: ['SENDING'], to: 'SENT' },
  complete: { from: ['SCHEDULED'], to: 'SENT' },
  cancel: { from: ['DRAFT', 'SCHEDULED'], to: 'CANCELLED' },
  stop: { from: ['DRAFT', 'SCHEDULED', 'QUEUED', 'SENDING'], to: 'CANCELLED' },
};

/** Whether a mailing may still be edited (its document, target and settings). */
export function isEditable(status: MailingStatus): boolean {
  return status === 'DRAFT' || status === 'SCHEDULED';
}

/** Whom a mailing goes to, as stored. */
export interface MailingTargetFields {
  targetType: string;
  databaseId: number;
  collectionId: number | null;
  selectionId: number | null;
  toSubprofiles: boolean;
}

/**
 * A scheduled mailing keeps its target (docs/rules/scheduling.md): its runs were planned for it, so a
 * new target means deleting the schedule and scheduling anew. The same target given again (a form
 * that sends every field) is no change.
 */
export function assertTargetChangeAllowed(
  mailing: MailingTargetFields & { id: number; status: MailingStatus },
  next: MailingTargetFields,
): void {
  const same = (['targetType', 'databaseId', 'collectionId', 'selectionId', 'toSubprofiles'] as const).every(
    (key) => mailing[key] === next[key],
  );
  if (mailing.status === 'SCHEDULED' && !same)
    throw DomainError.conflict(
      `Mailing ${mailing.id} is scheduled and its target cannot change: delete the schedule (the mailing returns to draft), change the target and schedule it anew`,
    );
}

/**
 * Checks that `step` may be taken from `status`, with the error a user should read when it may not.
 * The repository's conditional update is what makes it hold under concurrency; this says why not.
 */
export function assertStepAllowed(mailingId: number, status: MailingStatus, step: MailingStep): void {
  if (MAILING_STEPS[step].from.includes(status)) return;
  switch (step) {
    case 'queue':
      throw DomainError.invalidState(
        status === 'SCHEDULED'
          ? `Mailing ${mailingId} is scheduled: its schedule sends it; delete the schedule to send it now`
          : `Mailing ${mailingId} is ${status}; only a draft mailing can be sent`,
      );
    case 'schedule':
      throw DomainError.invalidState(
        status === 'SCHEDULED'
          ? `Mailing ${mailingId} is scheduled already; change its schedule instead`
          : `Mailing ${mailingId} is ${status}; only a draft mailing can be scheduled`,
      );
    case 'unschedule':
      throw DomainError.invalidState(`Mailing ${mailingId} is ${status}, not scheduled`);
    case 'cancel':
      throw DomainError.invalidState(
        status === 'QUEUED' || status === 'SENDING'
          ? `Mailing ${mailingId} is ${status} and cannot be cancelled; an admin can stop it`
          : `Mailing ${mailingId} is ${status} and cannot be cancelled`,
      );
    case 'stop':
      throw DomainError.invalidState(`Mailing ${mailingId} is ${status}; there is nothing to stop`);
    default:
      throw DomainError.invalidState(`Mailing ${mailingId} is ${status} and cannot ${step.replace('-', ' ')}`);
  }
}

/**
 * When a mailing's maximum duration (`maxDurationMinutes`, docs/rules/sending.md) runs out: that long
 * after it started sending. Null without a limit or before it started. From then on nothing more of it
 * is handed over, and what was not is not sent ("not sent: time limit").
 */
export function timeLimitOf(mailing: { startedAt: Date | null; maxDurationMinutes: number | null }): Date | null {
  if (!mailing.startedAt || !mailing.maxDurationMinutes) return null;
  return new Date(mailing.startedAt.getTime() + mailing.maxDurationMinutes * 60_000);
}

/** Whether the mailing's maximum duration has run out at `now`. */
export function timeLimitPassed(
  mailing: { startedAt: Date | null; maxDurationMinutes: number | null },
  now: Date,
): boolean {
  const limit = timeLimitOf(mailing);
  return limit !== null && now.getTime() >= limit.getTime();
}

/**
 * How a mailing that did not run its course ended, for its report, and when: `stopped` when it had
 * started sending (only an admin can do that), `cancelled` when it was ended before, `time-limit` when
 * it finished with destinations left unsent because its maximum duration ran out (the only way a sent
 * mailing has cancelled destinations); null when it was not ended early.
 */
export function howEnded(
  mailing: {
    status: MailingStatus;
    startedAt: Date | null;
    cancelledAt: Date | null;
    maxDurationMinutes: number | null;
  },
  cancelledDestinations: number,
): { how: 'stopped' | 'cancelled' | 'time-limit'; at: Date } | null {
  if (mailing.status === 'SENT' && cancelledDestinations > 0) {
    const at = timeLimitOf(mailing);
    return at ? { how: 'time-limit', at } : null;
  }
  if (mailing.status !== 'CANCELLED' || !mailing.cancelledAt) return null;
  return { how: mailing.startedAt ? 'stopped' : 'cancelled', at: mailing.cancelledAt };
}
