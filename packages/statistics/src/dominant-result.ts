import { DOMINANT_ORDER, type DominantResult } from '@herald/contracts';

/**
 * The most important result of one destination (same names as the Prisma enum `DominantResult`).
 * Each destination counts once, under one of these, so a mailing's buckets add up to 100 %.
 * `DOMINANT_ORDER`, least to most dominant (docs/rules/dominant-result.md), is defined once in
 * @herald/contracts, where the admin app can read it too; this fold ranks by it.
 */
export { DOMINANT_ORDER, type DominantResult };

/** The more dominant of two results. */
export function moreDominant(a: DominantResult, b: DominantResult): DominantResult {
  return DOMINANT_ORDER.indexOf(a) >= DOMINANT_ORDER.indexOf(b) ? a : b;
}

export type DominantEventType = 'DELIVERED' | 'ERROR' | 'IMPRESSION' | 'CLICK' | 'UNSUBSCRIBE' | 'COMPLAINT';

/** One registered result of a destination, as far as its dominant result cares. */
export interface DominantEvent {
  type: DominantEventType;
  /** A click on the `{unsubscribe}` link: an unsubscribe, not a click. */
  isUnsubscribeLink?: boolean;
  /** A privacy proxy's open or a link scanner's click says nothing about the person: it changes nothing. */
  isMachine?: boolean;
  /**
   * An ERROR reported after the receiving server had accepted the message (a bounce message / DSN,
   * a provider's failure callback): the delivery failed after all. Without it an ERROR is a failed
   * attempt, which a later successful attempt (DELIVERED) overrides.
   */
  afterDelivery?: boolean;
}

/**
 * What the live ingestion keeps per destination to fold results in incrementally.
 * `result` alone cannot tell "a failed attempt, then a delivered retry" (not an error) from
 * "accepted, then a bounce message" (an error) once both are in: `delivered` carries the one
 * missing fact. Store `result` as `Destination.dominantResult`; `delivered` is "the message
 * was accepted" (status SENT, or any open/click/unsubscribe/complaint seen).
 */
export interface DominantState {
  readonly result: DominantResult;
  readonly delivered: boolean;
}

/** A destination about which nothing is registered yet: no feedback, not delivered. */
export const NOTHING_REGISTERED: DominantState = { result: 'NO_FEEDBACK', delivered: false };

/*
 * The rule, as a join over one chain so that folding in any order gives the same state:
 *   nothing < failed attempt < delivered < bounced after delivery < impression < click < unsubscribe < complaint
 * mapped to results as NO_FEEDBACK, ERROR, NO_FEEDBACK, ERROR, IMPRESSION, CLICK, UNSUBSCRIBE, COMPLAINT.
 * So ERROR means "only errors are known": a delivered retry lifts a failed attempt to NO_FEEDBACK,
 * a bounce message beats the delivery it is about, and any person's result beats every error
 * (Marketo: once opened, a later bounce is ignored). Complaint beats unsubscribe beats click.
 */
const NOTHING = 0;
const FAILED_ATTEMPT = 1;
const DELIVERED = 2;
const BOUNCED = 3;
/** A person's results, ranked above every delivery fact in DOMINANT_ORDER's own order (the one list of it). */
const PERSON_RESULTS: readonly DominantResult[] = DOMINANT_ORDER.slice(DOMINANT_ORDER.indexOf('NO_FEEDBACK') + 1);
const PERSON_RANK: Partial<Record<DominantResult, number>> = Object.fromEntries(
  PERSON_RESULTS.map((result, i) => [result, BOUNCED + 1 + i]),
);
const RESULT_OF_RANK: readonly DominantResult[] = ['NO_FEEDBACK', 'ERROR', 'NO_FEEDBACK', 'ERROR', ...PERSON_RESULTS];

/** A result a person caused (an open, a click, an unsubscribe, a complaint): it proves the message arrived. */
export function isPersonResult(result: DominantResult): boolean {
  return PERSON_RANK[result] !== undefined;
}

function rankOfState(state: DominantState): number {
  const person = PERSON_RANK[state.result];
  if (person !== undefined) return person;
  if (state.result === 'ERROR') return state.delivered ? BOUNCED : FAILED_ATTEMPT;
  return state.delivered ? DELIVERED : NOTHING;
}

/** The rank an event brings, or null when it says nothing about the destination. */
function rankOfEvent(event: DominantEvent): number | null {
  if (event.isMachine && (event.type === 'IMPRESSION' || event.type === 'CLICK') && !event.isUnsubscribeLink)
    return null;
  switch (event.type) {
    case 'DELIVERED':
      return DELIVERED;
    case 'ERROR':
      return event.afterDelivery ? BOUNCED : FAILED_ATTEMPT;
    case 'IMPRESSION':
      return PERSON_RANK.IMPRESSION!;
    case 'CLICK':
      return event.isUnsubscribeLink ? PERSON_RANK.UNSUBSCRIBE! : PERSON_RANK.CLICK!;
    case 'UNSUBSCRIBE':
      return PERSON_RANK.UNSUBSCRIBE!;
    case 'COMPLAINT':
      return PERSON_RANK.COMPLAINT!;
  }
}

/** Folds one more event into a destination's state; the order of events never matters. */
export function nextDominantState(current: DominantState, event: DominantEvent): DominantState {
  const rank = Math.max(rankOfState(current), rankOfEvent(event) ?? NOTHING);
  // Anything past a failed attempt means the message got through (a bounce message is about an accepted one).
  return { result: RESULT_OF_RANK[rank]!, delivered: rank >= DELIVERED };
}

/** The dominant result of a destination with these events (none: no feedback). */
export function dominantResultOf(events: Iterable<DominantEvent>): DominantResult {
  let state = NOTHING_REGISTERED;
  for (const event of events) state = nextDominantState(state, event);
  return state.result;
}
