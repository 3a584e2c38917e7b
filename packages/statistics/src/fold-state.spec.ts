import { describe, expect, it } from 'vitest';
import { asFoldState } from './destination-fold';

const stored = {
  status: 'SENT',
  dominantResult: 'CLICK',
  openedAt: new Date('2026-01-02T03:04:05Z'),
  clickedAt: null,
  unsubscribedAt: null,
  complainedAt: null,
  lastErrorKind: 'SOFT',
};

describe('asFoldState: a stored destination as the fold reads it', () => {
  it('keeps every column of a known state', () => {
    expect(asFoldState(stored)).toEqual(stored);
  });

  it('refuses a value the fold has no rule for, instead of folding it blindly', () => {
    expect(() => asFoldState({ ...stored, dominantResult: 'FORWARD' })).toThrow('Unknown dominant result FORWARD');
    expect(() => asFoldState({ ...stored, status: 'BOUNCED' })).toThrow('Unknown destination status BOUNCED');
    expect(() => asFoldState({ ...stored, lastErrorKind: 'BLOCKED' })).toThrow('Unknown error kind BLOCKED');
    expect(asFoldState({ ...stored, lastErrorKind: null }).lastErrorKind).toBeNull();
  });
});
