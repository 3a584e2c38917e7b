import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode } from '../domain-error';
import {
  SPLIT_RUN_STEPS,
  splitRunMayTake,
  splitRunStepWhere,
  splitRunTransition,
  type SplitRunStatus,
} from './split-run-lifecycle';

const ALL: SplitRunStatus[] = ['DRAFT', 'TESTING', 'WAITING', 'DECIDED', 'FINISHED', 'CANCELLED'];

describe('splitRunTransition', () => {
  it('runs a split-run with a winner from draft to finished', () => {
    let status: SplitRunStatus = 'DRAFT';
    for (const step of ['start', 'tests-sent', 'decide', 'finish'] as const)
      status = splitRunTransition(1, status, step);
    expect(status).toBe('FINISHED');
  });

  it('finishes an A/B test without a winner from waiting, and waits for a choice by hand', () => {
    expect(splitRunTransition(1, 'WAITING', 'finish')).toBe('FINISHED');
    expect(splitRunTransition(1, 'TESTING', 'wait-for-choice')).toBe('WAITING');
    expect(splitRunTransition(1, 'WAITING', 'decide')).toBe('DECIDED');
  });

  it('takes a choice by hand only once every test group has gone, and says why not', () => {
    expect(splitRunTransition(2, 'WAITING', 'choose')).toBe('WAITING');
    expect(() => splitRunTransition(2, 'TESTING', 'choose')).toThrow(/still sending its test groups/);
    expect(() => splitRunTransition(2, 'DRAFT', 'choose')).toThrow(/has not started/);
    expect(() => splitRunTransition(2, 'DECIDED', 'choose')).toThrow(
      'Split-run 2 is DECIDED: its winner can no longer be chosen',
    );
  });

  it('stops only before the remainder goes', () => {
    for (const status of ['DRAFT', 'TESTING', 'WAITING'] as const)
      expect(splitRunTransition(1, status, 'stop')).toBe('CANCELLED');
    expect(() => splitRunTransition(7, 'DECIDED', 'stop')).toThrow(/Split-run 7 is DECIDED: its remainder has gone/);
    expect(() => splitRunTransition(7, 'CANCELLED', 'stop')).toThrow(/stopped already/);
  });

  it('nothing leaves FINISHED or CANCELLED, and a refusal is an invalid-state error', () => {
    for (const step of Object.keys(SPLIT_RUN_STEPS) as Array<keyof typeof SPLIT_RUN_STEPS>)
      for (const status of ['FINISHED', 'CANCELLED'] as const) {
        const error = (() => {
          try {
            splitRunTransition(3, status, step);
          } catch (e) {
            return e;
          }
          return null;
        })();
        expect(error, `${step} from ${status}`).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe(DomainErrorCode.InvalidState);
      }
    expect(() => splitRunTransition(3, 'WAITING', 'start')).toThrow('Split-run 3 is WAITING and cannot start again');
  });

  it('every step leads to a known state and its condition lists exactly its sources', () => {
    for (const [step, { from, to }] of Object.entries(SPLIT_RUN_STEPS)) {
      expect(ALL).toContain(to);
      expect(splitRunStepWhere(step as keyof typeof SPLIT_RUN_STEPS)).toEqual({ status: { in: [...from] } });
      for (const status of ALL)
        expect(splitRunMayTake(status, step as keyof typeof SPLIT_RUN_STEPS)).toBe(from.includes(status));
      for (const status of ALL)
        if (!from.includes(status))
          expect(() => splitRunTransition(1, status, step as keyof typeof SPLIT_RUN_STEPS)).toThrow();
    }
  });
});
