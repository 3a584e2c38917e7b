import { DOMINANT_ORDER } from '@herald/contracts';
import {
  isPersonResult,
  nextDominantState,
  type DominantEvent,
  type DominantResult,
  type DominantState,
} from './dominant-result';

/**
 * The one owner of how something that happens to a destination changes it and its mailing's
 * compact counters. Ingestion, the send-outcome recorder, dispatch and erasure call `foldDestination`
 * and write what it returns; none of them decides a counter or a dominant result on its own.
 *
 * Rules chosen where the product documentation is silent:
 * - "delivered" counts sent messages not bounced since, unless a person's result (open, click,
 *   unsubscribe, complaint) proved they arrived; a soft DSN ("failed") takes it back like a hard one,
 *   so sent = delivered + bounced + ... holds; an open never makes an unsent message delivered.
 * - a failed attempt that will be retried is an ERROR result until a retry is delivered.
 * - a rejection about the sender (authentication, reputation, rate; 5.7.x) is an error of the message
 *   but never disables the recipient nor counts towards their soft errors in a row.
 * - a hard error or a complaint disables at once and leaves a run of soft errors as it is; only a
 *   delivery ends the run.
 * - unique errors count destinations with any error registered, at send time or from a bounce.
 */

/** The counters of a mailing's aggregate (the columns of `MailingAggregate`). */
export const AGGREGATE_COUNTERS = [
  'destinations',
  'sent',
  'failed',
  'suppressed',
  'cancelled',
  'delivered',
  'errorsTotal',
  'errorsUnique',
  'errorsSoft',
  'errorsHard',
  'impressionsTotal',
  'impressionsUnique',
  'impressionsMachine',
  'clicksTotal',
  'clicksUnique',
  'clicksMachine',
  'unsubscribesTotal',
  'unsubscribesUnique',
  'complaintsTotal',
  'complaintsUnique',
  'dominantError',
  'dominantNoFeedback',
  'dominantImpression',
  'dominantClick',
  'dominantUnsubscribe',
  'dominantComplaint',
] as const;
export type AggregateCounter = (typeof AGGREGATE_COUNTERS)[number];

/** How much each counter moves (absent: not at all). */
export type CounterChanges = Partial<Record<AggregateCounter, number>>;

/** The counter holding the destinations whose dominant result is `result`. */
const DOMINANT_COUNTER: Record<DominantResult, AggregateCounter> = {
  ERROR: 'dominantError',
  NO_FEEDBACK: 'dominantNoFeedback',
  IMPRESSION: 'dominantImpression',
  CLICK: 'dominantClick',
  UNSUBSCRIBE: 'dominantUnsubscribe',
  COMPLAINT: 'dominantComplaint',
};

/** The counter of the destinations whose dominant result is `result` (for reading the aggregate back). */
export function dominantCounterOf(result: DominantResult): AggregateCounter {
  return DOMINANT_COUNTER[result];
}

export type DestinationStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED' | 'CANCELLED';
export type DestinationErrorKind = 'HARD' | 'SOFT' | 'COMPOSE';

/** What a destination row keeps, as far as its results and its mailing's counters care. */
export interface DestinationFoldState {
  readonly status: DestinationStatus;
  readonly dominantResult: DominantResult;
  /** First human result of each kind. */
  readonly openedAt: Date | null;
  readonly clickedAt: Date | null;
  readonly unsubscribedAt: Date | null;
  readonly complainedAt: Date | null;
  /** The kind of the last error of any attempt or bounce; null: no error ever. */
  readonly lastErrorKind: DestinationErrorKind | null;
}

const STATUSES: readonly string[] = [
  'PENDING',
  'SENT',
  'FAILED',
  'SUPPRESSED',
  'CANCELLED',
] satisfies DestinationStatus[];
const ERROR_KINDS: readonly string[] = ['HARD', 'SOFT', 'COMPOSE'] satisfies DestinationErrorKind[];

/**
 * A destination's fold state as read from the database (enums as their names), checked: a value the
 * fold does not know is a programming error (a new enum value without its rule), never folded blindly.
 */
export function asFoldState(stored: {
  status: string;
  dominantResult: string;
  openedAt: Date | null;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
  complainedAt: Date | null;
  lastErrorKind: string | null;
}): DestinationFoldState {
  const { status, dominantResult, lastErrorKind } = stored;
  if (!STATUSES.includes(status)) throw new Error(`Unknown destination status ${status}`);
  if (!(DOMINANT_ORDER as readonly string[]).includes(dominantResult))
    throw new Error(`Unknown dominant result ${dominantResult}`);
  if (lastErrorKind !== null && !ERROR_KINDS.includes(lastErrorKind))
    throw new Error(`Unknown error kind ${lastErrorKind}`);
  return {
    status: status as DestinationStatus,
    dominantResult: dominantResult as DominantResult,
    openedAt: stored.openedAt,
    clickedAt: stored.clickedAt,
    unsubscribedAt: stored.unsubscribedAt,
    complainedAt: stored.complainedAt,
    lastErrorKind: lastErrorKind as DestinationErrorKind | null,
  };
}

/** A destination just written by dispatch, before anything happened to it. */
export function newDestination(status: 'PENDING' | 'SUPPRESSED'): DestinationFoldState {
  return {
    status,
    dominantResult: 'NO_FEEDBACK',
    openedAt: null,
    clickedAt: null,
    unsubscribedAt: null,
    complainedAt: null,
    lastErrorKind: null,
  };
}

export type DestinationEvent =
  /** The provider accepted the message. */
  | { type: 'SENT'; at: Date }
  /**
   * An attempt failed at send time (the SMTP reply, a compose error). `final`: no more attempts,
   * the destination failed; otherwise it is retried. `senderSide`: the reply was about us.
   */
  | { type: 'SEND_FAILED'; errorKind: DestinationErrorKind; final: boolean; senderSide: boolean }
  /** Not handed to the provider after all (unsubscribed or disabled since dispatch, erased). */
  | { type: 'SUPPRESSED' }
  /** Not handed to the provider because an admin stopped the mailing: still a destination of the report. */
  | { type: 'CANCELLED' }
  | { type: 'OPEN'; at: Date; machine: boolean }
  | { type: 'CLICK'; at: Date; machine: boolean }
  | { type: 'UNSUBSCRIBE'; at: Date }
  | { type: 'COMPLAINT'; at: Date }
  /** A bounce message (DSN) or a provider's failure callback, after the message was accepted. */
  | { type: 'BOUNCE'; at: Date; errorKind: 'HARD' | 'SOFT'; senderSide: boolean };

/** What the event means for the destination's profile in later mailings. */
export type ProfileEffect =
  | { kind: 'disable'; because: 'complaint' | 'hard-error' }
  /** One more soft error in a row (see `foldSoftErrorStreak`). */
  | { kind: 'soft-error' }
  /** A delivery ends a run of soft errors. */
  | { kind: 'end-soft-errors' };

export interface FoldResult {
  readonly state: DestinationFoldState;
  readonly changes: CounterChanges;
  readonly profile: ProfileEffect | null;
}

/**
 * A profile's run of soft errors in a row after these effects, in order, and whether it reached the
 * account's limit on the way (then the address is disabled). A delivery ends the run; hard errors and
 * complaints disable on their own and leave the run as it is. Send time and bounces both count here.
 */
/**
 * The run after these effects when it does not depend on where it stood (no soft error among them),
 * so a delivery can end a run without reading it first; null when it does.
 */
export function softErrorStreakWithoutReading(effects: readonly ProfileEffect[]): 0 | 'unchanged' | null {
  if (effects.some((effect) => effect.kind === 'soft-error')) return null;
  return effects.some((effect) => effect.kind === 'end-soft-errors') ? 0 : 'unchanged';
}

export function foldSoftErrorStreak(
  streak: number,
  limit: number,
  effects: readonly ProfileEffect[],
): { streak: number; disable: boolean } {
  let disable = false;
  for (const effect of effects) {
    if (effect.kind === 'end-soft-errors') streak = 0;
    else if (effect.kind === 'soft-error') {
      streak += 1;
      if (streak >= limit) disable = true;
    }
  }
  return { streak, disable };
}

function dominantStateOf(state: DestinationFoldState): DominantState {
  // Stored rows keep "accepted" as their status, or as a person's result that proves it.
  return { result: state.dominantResult, delivered: state.status === 'SENT' || isPersonResult(state.dominantResult) };
}

function dominantEventOf(event: DestinationEvent): DominantEvent | null {
  switch (event.type) {
    case 'SENT':
      return { type: 'DELIVERED' };
    case 'SEND_FAILED':
      return { type: 'ERROR' };
    case 'BOUNCE':
      return { type: 'ERROR', afterDelivery: true };
    case 'OPEN':
      return { type: 'IMPRESSION', isMachine: event.machine };
    case 'CLICK':
      return { type: 'CLICK', isMachine: event.machine };
    case 'UNSUBSCRIBE':
      return { type: 'UNSUBSCRIBE' };
    case 'COMPLAINT':
      return { type: 'COMPLAINT' };
    case 'SUPPRESSED':
    case 'CANCELLED':
      return null;
  }
}

/**
 * The counters one destination in this state accounts for. Counters that follow the state are
 * moved by the difference before and after an event, so any order of events ends at the same figures:
 * - a suppressed destination is no destination of the report and has no dominant result;
 * - delivered: sent (so delivered never exceeds sent) and not bounced since, unless a person's
 *   result proved it arrived (an open after a DSN brings "delivered" back; a hard bounce after a
 *   delivered retry takes it away);
 * - unique figures count destinations with a first result of that kind; a click implies an impression.
 */
export function countersOf(state: DestinationFoldState): CounterChanges {
  const counted = state.status !== 'SUPPRESSED';
  const counters: CounterChanges = {
    destinations: counted ? 1 : 0,
    sent: state.status === 'SENT' ? 1 : 0,
    failed: state.status === 'FAILED' ? 1 : 0,
    suppressed: counted ? 0 : 1,
    cancelled: state.status === 'CANCELLED' ? 1 : 0,
    delivered: state.status === 'SENT' && state.dominantResult !== 'ERROR' ? 1 : 0,
    impressionsUnique: state.openedAt || state.clickedAt ? 1 : 0,
    clicksUnique: state.clickedAt ? 1 : 0,
    unsubscribesUnique: state.unsubscribedAt ? 1 : 0,
    complaintsUnique: state.complainedAt ? 1 : 0,
    errorsUnique: state.lastErrorKind ? 1 : 0,
  };
  if (counted) counters[DOMINANT_COUNTER[state.dominantResult]] = 1;
  return counters;
}

/**
 * A mailing's counters when dispatch has written its destinations, `pending` to send and `suppressed`
 * (unsubscribed, disabled, no address, duplicate). Every counter a destination accounts for is named,
 * zeros included, so a repeated dispatch sets the same figures.
 */
export function countersOfNewDestinations(pending: number, suppressed: number): CounterChanges {
  const one = countersOf(newDestination('PENDING'));
  const other = countersOf(newDestination('SUPPRESSED'));
  const counters: CounterChanges = {};
  for (const name of AGGREGATE_COUNTERS) {
    if (one[name] === undefined && other[name] === undefined) continue;
    counters[name] = (one[name] ?? 0) * pending + (other[name] ?? 0) * suppressed;
  }
  return counters;
}

/** The counters that count events, not destinations: every open, click, error... */
function eventCounters(event: DestinationEvent): CounterChanges {
  switch (event.type) {
    case 'OPEN':
      return event.machine ? { impressionsTotal: 1, impressionsMachine: 1 } : { impressionsTotal: 1 };
    case 'CLICK':
      return event.machine ? { clicksTotal: 1, clicksMachine: 1 } : { clicksTotal: 1 };
    case 'UNSUBSCRIBE':
      return { unsubscribesTotal: 1 };
    case 'COMPLAINT':
      return { complaintsTotal: 1 };
    case 'BOUNCE':
      return { errorsTotal: 1, [event.errorKind === 'HARD' ? 'errorsHard' : 'errorsSoft']: 1 };
    case 'SEND_FAILED':
      // Every attempt's error counts, even when a later attempt is delivered; a compose error is neither kind.
      if (event.errorKind === 'COMPOSE') return { errorsTotal: 1 };
      return { errorsTotal: 1, [event.errorKind === 'HARD' ? 'errorsHard' : 'errorsSoft']: 1 };
    case 'SENT':
    case 'SUPPRESSED':
    case 'CANCELLED':
      return {};
  }
}

/** `a + b`, counter by counter, leaving out those that end at zero. */
export function addCounterChanges(a: CounterChanges, b: CounterChanges, times = 1): CounterChanges {
  const sum: CounterChanges = {};
  // Only the counters a and b name (it runs per event on the hot paths).
  for (const name of Object.keys(a) as AggregateCounter[]) if (a[name]) sum[name] = a[name];
  for (const name of Object.keys(b) as AggregateCounter[]) {
    const by = (sum[name] ?? 0) + (b[name] ?? 0) * times;
    if (by === 0) delete sum[name];
    else sum[name] = by;
  }
  return sum;
}

function profileEffectOf(event: DestinationEvent): ProfileEffect | null {
  switch (event.type) {
    case 'SENT':
      return { kind: 'end-soft-errors' };
    case 'COMPLAINT':
      return { kind: 'disable', because: 'complaint' };
    case 'BOUNCE':
    case 'SEND_FAILED': {
      // A rejection about the sender (authentication, reputation, rate) says nothing of the recipient.
      if (event.senderSide || event.errorKind === 'COMPOSE') return null;
      if (event.type === 'SEND_FAILED' && !event.final) return null; // retried: not yet an error of the address
      return event.errorKind === 'HARD' ? { kind: 'disable', because: 'hard-error' } : { kind: 'soft-error' };
    }
    default:
      return null;
  }
}

/** The state after the event: status moves only forward from PENDING, first times are kept, results only rise. */
function nextState(state: DestinationFoldState, event: DestinationEvent): DestinationFoldState {
  const dominantEvent = dominantEventOf(event);
  const dominantResult = dominantEvent
    ? nextDominantState(dominantStateOf(state), dominantEvent).result
    : state.dominantResult;
  switch (event.type) {
    case 'SENT':
      return { ...state, status: 'SENT', dominantResult };
    case 'SEND_FAILED':
      return {
        ...state,
        status: event.final ? 'FAILED' : state.status,
        dominantResult,
        lastErrorKind: event.errorKind,
      };
    case 'SUPPRESSED':
      return { ...state, status: 'SUPPRESSED' };
    case 'CANCELLED':
      return { ...state, status: 'CANCELLED' };
    case 'OPEN':
      return event.machine ? state : { ...state, dominantResult, openedAt: state.openedAt ?? event.at };
    case 'CLICK':
      return event.machine ? state : { ...state, dominantResult, clickedAt: state.clickedAt ?? event.at };
    case 'UNSUBSCRIBE':
      return { ...state, dominantResult, unsubscribedAt: state.unsubscribedAt ?? event.at };
    case 'COMPLAINT':
      return { ...state, dominantResult, complainedAt: state.complainedAt ?? event.at };
    case 'BOUNCE':
      return { ...state, dominantResult, lastErrorKind: event.errorKind };
  }
}

/** Send outcomes apply once, to a destination still waiting to be handed over (a repeated batch changes nothing). */
function isSendOutcome(event: DestinationEvent): boolean {
  return (
    event.type === 'SENT' || event.type === 'SEND_FAILED' || event.type === 'SUPPRESSED' || event.type === 'CANCELLED'
  );
}

/**
 * Folds one event into a destination: its new state, how its mailing's counters move, and what it
 * means for its profile. A send outcome for a destination no longer pending changes nothing.
 */
export function foldDestination(state: DestinationFoldState, event: DestinationEvent): FoldResult {
  if (isSendOutcome(event) && state.status !== 'PENDING') return { state, changes: {}, profile: null };
  const after = nextState(state, event);
  const changes = addCounterChanges(addCounterChanges(eventCounters(event), countersOf(after)), countersOf(state), -1);
  return { state: after, changes, profile: profileEffectOf(event) };
}

/** How a mailing's counters move when `count` of its pending destinations are cancelled at once (an admin stop). */
export function countersOfCancelledDestinations(count: number): CounterChanges {
  return addCounterChanges({}, foldDestination(newDestination('PENDING'), { type: 'CANCELLED' }).changes, count);
}
