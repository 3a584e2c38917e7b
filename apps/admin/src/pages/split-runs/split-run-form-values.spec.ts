import { describe, expect, it } from 'vitest';
import {
  EMPTY_SPLIT_RUN,
  newSplitRunVariant,
  planRequestOf,
  restPercent,
  splitRunRequestOf,
  splitRunSummary,
  type SplitRunFormValues,
} from './split-run-form-values';

const on: SplitRunFormValues = { ...EMPTY_SPLIT_RUN, enabled: true };
const target = { targetType: 'DATABASE' as const, databaseId: 3, toSubprofiles: false };
const audience = { channel: 'EMAIL' as const, skipDuplicates: true };

describe('the split-run step of the mailing form', () => {
  it('leaves half for the winner by default and says what is over', () => {
    expect(restPercent(on)).toBe(50);
    expect(restPercent({ ...on, variants: [newSplitRunVariant(60), newSplitRunVariant(50.5)] })).toBe(-10.5);
  });

  it('asks for a plan only with the split-run on, a complete target and every group or none', () => {
    expect(planRequestOf(EMPTY_SPLIT_RUN, target, audience)).toBeNull();
    expect(planRequestOf(on, null, audience)).toBeNull();
    expect(
      planRequestOf({ ...on, variants: [newSplitRunVariant(25), newSplitRunVariant('')] }, target, audience),
    ).toBeNull();
    expect(planRequestOf(on, target, audience)).toEqual({
      target,
      ...audience,
      withWinner: true,
      variants: [{ groupPercent: 25 }, { groupPercent: 25 }],
      expectedRate: 0.2,
    });
  });

  it('makes the create request with the mailing’s document where a variant has none, and the wait in minutes', () => {
    const values: SplitRunFormValues = {
      ...on,
      wait: 2,
      significance: '0.95',
      variants: [
        { ...newSplitRunVariant(25), subject: '  Autumn  ' },
        { documentId: 9, subject: '', groupPercent: 25, sendAfterMinutes: 120 },
      ],
    };
    expect(splitRunRequestOf(values, { name: 'Offer', documentId: 4, target, settings: {} })).toEqual({
      name: 'Offer',
      target,
      settings: {},
      withWinner: true,
      criterion: 'IMPRESSIONS',
      waitMinutes: 120,
      significanceLevel: 0.95,
      variants: [
        { label: 'A', documentId: 4, subject: 'Autumn', groupPercent: 25, sendAfterMinutes: 0 },
        { label: 'B', documentId: 9, groupPercent: 25, sendAfterMinutes: 120 },
      ],
    });
  });

  it('sums it up in words, with the live group sizes when known', () => {
    const plan = {
      groups: [
        { label: 'A', size: 50 },
        { label: 'B', size: 1500 },
      ],
      remainder: 130,
    };
    expect(splitRunSummary(on, plan)).toBe(
      'A and B go to test groups of 50 and 1,500; 4 hours after the test groups go, the winner goes to the other 130.',
    );
    const late = {
      ...on,
      wait: 1,
      waitUnit: 'minutes' as const,
      variants: [newSplitRunVariant(25), { ...newSplitRunVariant(25), sendAfterMinutes: 60 }],
    };
    expect(splitRunSummary(late, undefined)).toBe(
      'A and B go to test groups; 1 minute after the last group goes, the winner goes to everyone else.',
    );
    expect(splitRunSummary({ ...on, withWinner: false }, undefined)).toBe(
      'A and B go to test groups; compared afterwards, no winner is sent.',
    );
  });
});
