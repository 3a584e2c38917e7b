import { DomainError } from '../domain-error';

export type SplitRunStatus = 'DRAFT' | 'TESTING' | 'WAITING' | 'DECIDED' | 'FINISHED' | 'CANCELLED';

/** What moves a split-run on (docs/rules/split-run.md, Lifecycle). */
export type SplitRunStep =
  /** A marketer starts it, now or at a scheduled moment: its test groups are to be drawn and sent. */
  | 'start'
  /** Every test group has gone (a variant by time of sending goes later than the others): the waiting period runs. */
  | 'tests-sent'
  /** The winner must be significant, is not, and the fallback is to wait: it waits for a choice by hand. */
  | 'wait-for-choice'
  /** The marketer chooses the winner by hand (early, or when a significant win is awaited); the decision follows. */
  | 'choose'
  /** The winner is chosen (by the criterion or by hand) and its mailing to the remainder created. */
  | 'decide'
  /** The remainder's mailing has sent; an A/B test without a winner: every variant's mailing has. */
  | 'finish'
  /** A marketer stops it before the remainder goes; what was sent stays sent. */
  | 'stop';

/**
 * From which states each step may be taken, and where it leads. Every status change of a split-run is
 * an update conditional on these states (`splitRunStepWhere`), so two racing steps cannot both win.
 */
export const SPLIT_RUN_STEPS: Readonly<Record<SplitRunStep, { from: readonly SplitRunStatus[]; to: SplitRunStatus }>> =
  {
    start: { from: ['DRAFT'], to: 'TESTING' },
    'tests-sent': { from: ['TESTING'], to: 'WAITING' },
    // A decision job may come while a late variant's group is still going (a choice by hand, or a retry).
    'wait-for-choice': { from: ['TESTING', 'WAITING'], to: 'WAITING' },
    // By hand only once every test group has gone: a choice without a group's figures is no comparison.
    choose: { from: ['WAITING'], to: 'WAITING' },
    decide: { from: ['TESTING', 'WAITING'], to: 'DECIDED' },
    // DECIDED: the remainder sent; WAITING: an A/B test without a winner, whose variants have all sent.
    finish: { from: ['DECIDED', 'WAITING'], to: 'FINISHED' },
    stop: { from: ['DRAFT', 'TESTING', 'WAITING'], to: 'CANCELLED' },
  };

/** Whether the step may be taken from `status` (for a job that quietly skips what is no longer its to do). */
export function splitRunMayTake(status: SplitRunStatus, step: SplitRunStep): boolean {
  return SPLIT_RUN_STEPS[step].from.includes(status);
}

/** The step's target state, or why it may not be taken from `status`, as a user should read it. */
export function splitRunTransition(splitRunId: number, status: SplitRunStatus, step: SplitRunStep): SplitRunStatus {
  const { from, to } = SPLIT_RUN_STEPS[step];
  if (from.includes(status)) return to;
  switch (step) {
    case 'start':
      throw DomainError.invalidState(`Split-run ${splitRunId} is ${status} and cannot start again`);
    case 'stop':
      throw DomainError.invalidState(
        status === 'CANCELLED'
          ? `Split-run ${splitRunId} was stopped already`
          : `Split-run ${splitRunId} is ${status}: its remainder has gone and it cannot be stopped`,
      );
    case 'choose':
      throw DomainError.invalidState(
        status === 'TESTING'
          ? `Split-run ${splitRunId} is still sending its test groups: its winner is chosen once every group has gone`
          : status === 'DRAFT'
            ? `Split-run ${splitRunId} has not started: its winner is chosen after its test groups`
            : `Split-run ${splitRunId} is ${status}: its winner can no longer be chosen`,
      );
    case 'decide':
    case 'wait-for-choice':
      throw DomainError.invalidState(`Split-run ${splitRunId} is ${status}: its winner can no longer be chosen`);
    default:
      throw DomainError.invalidState(`Split-run ${splitRunId} is ${status}: cannot ${step}`);
  }
}

/** The condition on the stored status that lets the step through (for a conditional update). */
export function splitRunStepWhere(step: SplitRunStep): { status: { in: SplitRunStatus[] } } {
  return { status: { in: [...SPLIT_RUN_STEPS[step].from] } };
}
