import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_COUNTERS,
  addCounterChanges,
  countersOf,
  countersOfCancelledDestinations,
  countersOfNewDestinations,
  dominantCounterOf,
  foldDestination,
  foldSoftErrorStreak,
  newDestination,
  type CounterChanges,
  type DestinationEvent,
  type DestinationFoldState,
  type ProfileEffect,
} from './destination-fold';
import { DOMINANT_ORDER } from './dominant-result';

const at = new Date('2026-01-01T10:00:00Z');
const sent: DestinationEvent = { type: 'SENT', at };
const retried: DestinationEvent = { type: 'SEND_FAILED', errorKind: 'SOFT', final: false, senderSide: false };
const open: DestinationEvent = { type: 'OPEN', at, machine: false };
const machineOpen: DestinationEvent = { type: 'OPEN', at, machine: true };
const click: DestinationEvent = { type: 'CLICK', at, machine: false };
const hardBounce: DestinationEvent = { type: 'BOUNCE', at, errorKind: 'HARD', senderSide: false };
const softBounce: DestinationEvent = { type: 'BOUNCE', at, errorKind: 'SOFT', senderSide: false };
const senderBounce: DestinationEvent = { type: 'BOUNCE', at, errorKind: 'HARD', senderSide: true };

/** Folds events into a new pending destination; the counters it adds up to, from dispatch on. */
function run(events: DestinationEvent[], start: DestinationFoldState = newDestination('PENDING')) {
  let state = start;
  let counters: CounterChanges = countersOf(start);
  const effects: ProfileEffect[] = [];
  for (const event of events) {
    const folded = foldDestination(state, event);
    state = folded.state;
    counters = addCounterChanges(counters, folded.changes);
    if (folded.profile) effects.push(folded.profile);
  }
  return { state, counters, effects };
}

describe('foldDestination: delivered', () => {
  it('comes back when an open follows a DSN: the open proves delivery', () => {
    const { state, counters } = run([sent, softBounce, open]);
    expect(state.dominantResult).toBe('IMPRESSION');
    expect(counters).toMatchObject({ sent: 1, delivered: 1, errorsTotal: 1, errorsUnique: 1, dominantImpression: 1 });
  });

  it('is taken back when a message delivered on a retry after a 4xx later hard-bounces', () => {
    const { state, counters } = run([retried, sent, hardBounce]);
    expect(state).toMatchObject({ status: 'SENT', dominantResult: 'ERROR', lastErrorKind: 'HARD' });
    expect(counters).toEqual({
      destinations: 1,
      sent: 1,
      dominantError: 1,
      errorsTotal: 2,
      errorsSoft: 1,
      errorsHard: 1,
      errorsUnique: 1,
    });
  });

  it('is not taken back by a bounce after an open', () => {
    expect(run([sent, open, hardBounce]).counters).toMatchObject({ delivered: 1, dominantImpression: 1 });
    expect(run([sent, open, hardBounce]).counters.dominantError).toBeUndefined();
  });

  it('never counts a message that was not sent, whatever a person did', () => {
    expect(run([open]).counters.delivered).toBeUndefined();
    expect(
      run([{ type: 'SEND_FAILED', errorKind: 'HARD', final: true, senderSide: false }, open]).counters,
    ).toMatchObject({ failed: 1 });
  });

  it('a failed attempt is an error only until a retry is delivered', () => {
    expect(run([retried]).counters).toMatchObject({ dominantError: 1, errorsTotal: 1, errorsUnique: 1 });
    expect(run([retried, sent]).counters).toMatchObject({
      dominantNoFeedback: 1,
      delivered: 1,
      errorsTotal: 1,
      errorsUnique: 1,
    });
  });
});

describe('foldDestination: dominant results and unique figures', () => {
  it('ranks a click above an impression whichever comes first (the order in DOMINANT_ORDER)', () => {
    expect(run([sent, open, click]).counters).toMatchObject({
      dominantClick: 1,
      impressionsUnique: 1,
      clicksUnique: 1,
    });
    expect(run([sent, click, open]).counters).toMatchObject({
      dominantClick: 1,
      impressionsUnique: 1,
      clicksUnique: 1,
    });
    expect(run([sent, click, open]).counters.dominantImpression).toBeUndefined();
  });

  it('counts an open after a click as no new unique impression (the click implied it)', () => {
    expect(run([sent, click, open, open]).counters).toMatchObject({
      impressionsTotal: 2,
      impressionsUnique: 1,
      clicksTotal: 1,
    });
  });

  it('counts machine opens apart and lets them change nothing else', () => {
    const { state, counters } = run([sent, machineOpen]);
    expect(state.openedAt).toBeNull();
    expect(counters).toEqual({
      destinations: 1,
      sent: 1,
      delivered: 1,
      dominantNoFeedback: 1,
      impressionsTotal: 1,
      impressionsMachine: 1,
    });
  });

  it('takes a suppressed destination out of the report, from whatever bucket it was in', () => {
    expect(run([{ type: 'SUPPRESSED' }]).counters).toEqual({ suppressed: 1 });
    expect(run([retried, { type: 'SUPPRESSED' }]).counters).toEqual({
      suppressed: 1,
      errorsTotal: 1,
      errorsSoft: 1,
      errorsUnique: 1,
    });
  });

  it('applies a send outcome once: a repeated batch changes nothing', () => {
    const once = run([sent]);
    expect(foldDestination(once.state, sent)).toEqual({ state: once.state, changes: {}, profile: null });
    expect(foldDestination(once.state, { type: 'SUPPRESSED' }).changes).toEqual({});
  });
});

describe('an admin stop: cancelled destinations', () => {
  it('stay destinations of the report, counted as cancelled and not sent, and take no later send outcome', () => {
    const cancelled = foldDestination(newDestination('PENDING'), { type: 'CANCELLED' });
    expect(cancelled.state.status).toBe('CANCELLED');
    expect(cancelled.changes).toEqual({ cancelled: 1 });
    expect(foldDestination(cancelled.state, sent).changes).toEqual({});
  });

  it('moves the counters of many at once as one would, times the count', () => {
    expect(countersOfCancelledDestinations(7)).toEqual({ cancelled: 7 });
    expect(countersOfCancelledDestinations(0)).toEqual({});
  });

  it('does not cancel what was handed over already', () => {
    const delivered = foldDestination(newDestination('PENDING'), sent).state;
    expect(foldDestination(delivered, { type: 'CANCELLED' }).changes).toEqual({});
  });
});

describe('countersOfNewDestinations', () => {
  it('counts the pending as destinations without feedback and the suppressed apart, naming every counter a destination moves', () => {
    expect(countersOfNewDestinations(5, 2)).toMatchObject({
      destinations: 5,
      dominantNoFeedback: 5,
      suppressed: 2,
      sent: 0,
      delivered: 0,
    });
    expect(countersOfNewDestinations(0, 0)).toMatchObject({ destinations: 0, dominantNoFeedback: 0, suppressed: 0 });
  });
});

describe('foldDestination: what it means for the profile', () => {
  it('disables on a hard bounce and a complaint, counts a soft bounce in a row, and ends the run on delivery', () => {
    expect(run([sent, hardBounce]).effects).toEqual([
      { kind: 'end-soft-errors' },
      { kind: 'disable', because: 'hard-error' },
    ]);
    expect(run([sent, { type: 'COMPLAINT', at }]).effects).toEqual([
      { kind: 'end-soft-errors' },
      { kind: 'disable', because: 'complaint' },
    ]);
    expect(run([sent, softBounce]).effects).toEqual([{ kind: 'end-soft-errors' }, { kind: 'soft-error' }]);
  });

  it('never holds a sender-side rejection (5.7.x policy about us) against the recipient', () => {
    expect(run([sent, senderBounce]).effects).toEqual([{ kind: 'end-soft-errors' }]);
    expect(run([{ type: 'SEND_FAILED', errorKind: 'SOFT', final: true, senderSide: true }]).effects).toEqual([]);
    // It is still an error of this message.
    expect(run([sent, senderBounce]).counters).toMatchObject({ errorsTotal: 1, errorsHard: 1, dominantError: 1 });
  });

  it('counts a send-time soft error only once its attempts run out', () => {
    expect(run([retried]).effects).toEqual([]);
    expect(run([{ type: 'SEND_FAILED', errorKind: 'SOFT', final: true, senderSide: false }]).effects).toEqual([
      { kind: 'soft-error' },
    ]);
    expect(run([{ type: 'SEND_FAILED', errorKind: 'HARD', final: true, senderSide: false }]).effects).toEqual([
      { kind: 'disable', because: 'hard-error' },
    ]);
  });
});

describe('foldSoftErrorStreak', () => {
  const soft: ProfileEffect = { kind: 'soft-error' };
  const delivered: ProfileEffect = { kind: 'end-soft-errors' };
  it('disables at the third soft error in a row under the default limit of 3, not before', () => {
    expect(foldSoftErrorStreak(0, 3, [soft, soft])).toEqual({ streak: 2, disable: false });
    expect(foldSoftErrorStreak(2, 3, [soft])).toEqual({ streak: 3, disable: true });
    expect(foldSoftErrorStreak(0, 4, [soft, soft, soft])).toEqual({ streak: 3, disable: false });
  });
  it('starts again after a delivery', () => {
    expect(foldSoftErrorStreak(2, 3, [delivered, soft])).toEqual({ streak: 1, disable: false });
  });
});

describe('foldDestination: properties', () => {
  const event: fc.Arbitrary<DestinationEvent> = fc.oneof(
    fc.constant<DestinationEvent>(sent),
    fc.record({
      type: fc.constant('SEND_FAILED' as const),
      errorKind: fc.constantFrom('HARD' as const, 'SOFT' as const, 'COMPOSE' as const),
      final: fc.boolean(),
      senderSide: fc.boolean(),
    }),
    fc.constant<DestinationEvent>({ type: 'SUPPRESSED' }),
    fc.boolean().map((machine): DestinationEvent => ({ type: 'OPEN', at, machine })),
    fc.boolean().map((machine): DestinationEvent => ({ type: 'CLICK', at, machine })),
    fc.constant<DestinationEvent>({ type: 'UNSUBSCRIBE', at }),
    fc.constant<DestinationEvent>({ type: 'COMPLAINT', at }),
    fc.record({
      type: fc.constant('BOUNCE' as const),
      at: fc.constant(at),
      errorKind: fc.constantFrom('HARD' as const, 'SOFT' as const),
      senderSide: fc.boolean(),
    }),
  );

  it('keeps the figures whole: dominant buckets add up to the destinations, delivered never exceeds sent, counters never go below zero', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const { counters } = run(events);
        for (const name of AGGREGATE_COUNTERS) expect(counters[name] ?? 0).toBeGreaterThanOrEqual(0);
        const buckets = DOMINANT_ORDER.reduce((sum, result) => sum + (counters[dominantCounterOf(result)] ?? 0), 0);
        expect(buckets).toBe(counters.destinations ?? 0);
        expect(counters.delivered ?? 0).toBeLessThanOrEqual(counters.sent ?? 0);
        expect(counters.impressionsUnique ?? 0).toBeGreaterThanOrEqual(counters.clicksUnique ?? 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('ends at the same figures whatever order the results that came back arrive in', () => {
    const returned = event.filter((e) => e.type !== 'SENT' && e.type !== 'SEND_FAILED' && e.type !== 'SUPPRESSED');
    const eventsAndShuffle = fc
      .array(returned, { maxLength: 10 })
      .chain((events) =>
        fc.tuple(
          fc.constant(events),
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        ),
      );
    fc.assert(
      fc.property(eventsAndShuffle, ([events, shuffled]) => {
        expect(run([sent, ...shuffled]).counters).toEqual(run([sent, ...events]).counters);
      }),
      { numRuns: 500 },
    );
  });
});
