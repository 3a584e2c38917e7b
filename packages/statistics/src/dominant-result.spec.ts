import { DOMINANT_ORDER as CONTRACTS_DOMINANT_ORDER, DominantResult as DominantResultSchema } from '@herald/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOMINANT_ORDER,
  NOTHING_REGISTERED,
  dominantResultOf,
  moreDominant,
  nextDominantState,
  type DominantEvent,
  type DominantEventType,
  type DominantState,
} from './dominant-result';

const delivered: DominantEvent = { type: 'DELIVERED' };
const failedAttempt: DominantEvent = { type: 'ERROR' };
const bounceMessage: DominantEvent = { type: 'ERROR', afterDelivery: true };
const impression: DominantEvent = { type: 'IMPRESSION' };
const click: DominantEvent = { type: 'CLICK' };
const unsubscribeLinkClick: DominantEvent = { type: 'CLICK', isUnsubscribeLink: true };
const unsubscribe: DominantEvent = { type: 'UNSUBSCRIBE' };
const complaint: DominantEvent = { type: 'COMPLAINT' };

describe('moreDominant', () => {
  it('follows error < no feedback < impression < click < unsubscribe < complaint', () => {
    expect(DOMINANT_ORDER).toEqual(['ERROR', 'NO_FEEDBACK', 'IMPRESSION', 'CLICK', 'UNSUBSCRIBE', 'COMPLAINT']);
    expect(moreDominant('ERROR', 'NO_FEEDBACK')).toBe('NO_FEEDBACK');
    expect(moreDominant('CLICK', 'IMPRESSION')).toBe('CLICK');
    expect(moreDominant('COMPLAINT', 'UNSUBSCRIBE')).toBe('COMPLAINT');
    expect(moreDominant('UNSUBSCRIBE', 'CLICK')).toBe('UNSUBSCRIBE');
  });

  it("ranks by the one list in @herald/contracts, the same the API's schemas and the admin app read", () => {
    expect(DOMINANT_ORDER).toBe(CONTRACTS_DOMINANT_ORDER);
    expect(DominantResultSchema.options).toEqual([...DOMINANT_ORDER]);
  });
});

describe('dominantResultOf', () => {
  it.each<[string, DominantEvent[], string]>([
    ['nothing registered', [], 'NO_FEEDBACK'],
    ['delivered, nothing else', [delivered], 'NO_FEEDBACK'],
    ['only failed attempts', [failedAttempt, failedAttempt], 'ERROR'],
    ['a failed attempt, then a delivered retry', [failedAttempt, delivered], 'NO_FEEDBACK'],
    ['delivered, then a bounce message', [delivered, bounceMessage], 'ERROR'],
    ['a bounce message alone (it implies the message was accepted)', [bounceMessage], 'ERROR'],
    ['opened, then a bounce message', [delivered, impression, bounceMessage], 'IMPRESSION'],
    ['opened', [delivered, impression, impression], 'IMPRESSION'],
    ['clicked without loading images', [delivered, click], 'CLICK'],
    ['opened and clicked', [impression, click, impression], 'CLICK'],
    ['unsubscribe after click', [impression, click, unsubscribe], 'UNSUBSCRIBE'],
    ['a click on the unsubscribe link is an unsubscribe', [impression, unsubscribeLinkClick], 'UNSUBSCRIBE'],
    ['complaint after unsubscribe', [click, unsubscribe, complaint], 'COMPLAINT'],
    ['an error does not undo a complaint', [complaint, failedAttempt, bounceMessage], 'COMPLAINT'],
  ])('%s', (_, events, expected) => {
    expect(dominantResultOf(events)).toBe(expected);
  });

  it('ignores machine opens and clicks (privacy proxies, link scanners)', () => {
    expect(
      dominantResultOf([delivered, { type: 'IMPRESSION', isMachine: true }, { type: 'CLICK', isMachine: true }]),
    ).toBe('NO_FEEDBACK');
    expect(dominantResultOf([failedAttempt, { type: 'IMPRESSION', isMachine: true }])).toBe('ERROR');
  });

  it('still counts an unsubscribe link click flagged as machine: the unsubscribe happened', () => {
    expect(dominantResultOf([{ type: 'CLICK', isUnsubscribeLink: true, isMachine: true }])).toBe('UNSUBSCRIBE');
  });
});

describe('nextDominantState', () => {
  it('keeps what the stored row needs: result and whether the message got through', () => {
    expect(nextDominantState(NOTHING_REGISTERED, failedAttempt)).toEqual({ result: 'ERROR', delivered: false });
    expect(nextDominantState({ result: 'ERROR', delivered: false }, delivered)).toEqual({
      result: 'NO_FEEDBACK',
      delivered: true,
    });
    expect(nextDominantState({ result: 'ERROR', delivered: true }, delivered)).toEqual({
      result: 'ERROR',
      delivered: true,
    });
    expect(nextDominantState({ result: 'NO_FEEDBACK', delivered: true }, bounceMessage)).toEqual({
      result: 'ERROR',
      delivered: true,
    });
    expect(nextDominantState({ result: 'NO_FEEDBACK', delivered: true }, failedAttempt)).toEqual({
      result: 'NO_FEEDBACK',
      delivered: true,
    });
    expect(nextDominantState(NOTHING_REGISTERED, impression)).toEqual({ result: 'IMPRESSION', delivered: true });
  });

  it('never lowers a result', () => {
    const state: DominantState = { result: 'CLICK', delivered: true };
    for (const event of [delivered, failedAttempt, bounceMessage, impression])
      expect(nextDominantState(state, event)).toEqual(state);
  });

  const anyEvent: fc.Arbitrary<DominantEvent> = fc.record(
    {
      type: fc.constantFrom<DominantEventType[]>(
        'DELIVERED',
        'ERROR',
        'IMPRESSION',
        'CLICK',
        'UNSUBSCRIBE',
        'COMPLAINT',
      ),
      isUnsubscribeLink: fc.boolean(),
      isMachine: fc.boolean(),
      afterDelivery: fc.boolean(),
    },
    { requiredKeys: ['type'] },
  );

  it('gives the same state whatever order the events arrive in', () => {
    const eventsAndShuffle = fc
      .array(anyEvent, { maxLength: 12 })
      .chain((events) =>
        fc.tuple(
          fc.constant(events),
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        ),
      );
    fc.assert(
      fc.property(eventsAndShuffle, ([events, shuffled]) => {
        const fold = (list: DominantEvent[]) => list.reduce(nextDominantState, NOTHING_REGISTERED);
        expect(fold(shuffled)).toEqual(fold(events));
        expect(dominantResultOf(shuffled)).toBe(dominantResultOf(events));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same state when a batch is folded separately and then merged in', () => {
    // Ingestion may apply a stored state, then a later batch: equal to folding everything at once.
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 8 }), fc.array(anyEvent, { maxLength: 8 }), (first, second) => {
        const fold = (start: DominantState, list: DominantEvent[]) => list.reduce(nextDominantState, start);
        expect(fold(fold(NOTHING_REGISTERED, first), second)).toEqual(fold(NOTHING_REGISTERED, [...second, ...first]));
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: a repeated event changes nothing', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 10 }), anyEvent, (events, repeated) => {
        const once = [...events, repeated].reduce(nextDominantState, NOTHING_REGISTERED);
        expect(nextDominantState(once, repeated)).toEqual(once);
      }),
    );
  });
});
