import { encodeStreamEntry, trackingStreamKey, type TrackingStreamEntry } from './tracking-stream';

/** How a fax ended, whichever provider reports it: the HTTP fax API's callback or a gateway's status mail. */
export interface FaxStatusReport {
  /** The provider's id of the fax, checked against the one its send stored; null when the report does not carry it (a gateway's mail, whose signed return path names the destination instead). */
  faxId: string | null;
  outcome: 'delivered' | 'busy' | 'no-answer' | 'failed';
  /** Pages the fax had (sent, or tried). */
  pages: number;
  /** HARD: the number cannot take a fax; SOFT: this attempt failed; null when delivered. */
  errorKind: 'HARD' | 'SOFT' | null;
  /** `busy`, `no-answer` or the provider's code; null when delivered. */
  errorCode: string | null;
  errorText: string | null;
}

export interface FaxStatusTarget {
  mailingId: number;
  destinationId: bigint;
}

/** The destinations' side of a fax status, in the database. */
export interface FaxDestinations {
  /** The destination, once its send is recorded (waiting a while for it); null when there is none. */
  sentDestination(target: FaxStatusTarget): Promise<{ providerMessageId: string | null } | null>;
  /** Stores the pages, and the moment of a delivered fax's report (null for a failure). */
  storeStatus(target: FaxStatusTarget, pages: number, deliveredAt: Date | null): Promise<void>;
}

/** The part of a Redis client the recorder uses (ioredis's `Redis` is one). */
export interface FaxStatusRedis {
  set(key: string, value: string, ex: 'EX', seconds: number, nx: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<number>;
  xadd(key: string, id: '*', ...fields: string[]): Promise<string | null>;
}

/** Where a fax status is written; each app gives its own database and Redis clients. */
export interface FaxStatusStore {
  redis: FaxStatusRedis;
  /** REDIS_PREFIX. */
  prefix: string;
  destinations: FaxDestinations;
}

// A repeated status within this time changes nothing.
const SEEN_TTL_SECONDS = 30 * 24 * 3600;

/** The bounce a fax status records on the tracking stream, or null when the fax was delivered. */
export function faxStatusBounce(
  target: FaxStatusTarget,
  status: FaxStatusReport,
  at: Date,
): TrackingStreamEntry | null {
  if (status.outcome === 'delivered') return null;
  return {
    kind: 'bounce',
    mailingId: target.mailingId,
    destinationId: target.destinationId,
    at,
    errorKind: status.errorKind ?? 'SOFT',
    errorCode: status.errorCode ?? status.outcome,
    errorText: `Fax ${status.outcome} after ${status.pages} page(s)${status.errorText ? `: ${status.errorText}` : ''}`,
  };
}

/**
 * Records how a fax ended, the one way for every fax provider: the first final status of a fax wins
 * (a repeat changes nothing), its pages are stored on the destination, a delivery as confirmed (the
 * report's "delivered" rather than "awaiting a report"), and a failure is a bounce
 * through the tracking stream, folded by the ingestion as an SMS's. The caller has already proved
 * whose the fax is (the provider's signature, or Herald's signed return path).
 */
export async function recordFaxStatus(
  store: FaxStatusStore,
  target: FaxStatusTarget,
  status: FaxStatusReport,
): Promise<'recorded' | 'ignored'> {
  const row = await store.destinations.sentDestination(target);
  if (!row) return 'ignored';
  if (status.faxId !== null && row.providerMessageId !== null && row.providerMessageId !== status.faxId)
    return 'ignored';
  // Without the provider's id, one destination has one fax: its first final status is the fax's.
  const seen = `${store.prefix}:fax-final:${status.faxId ?? `d${target.destinationId}`}`;
  if ((await store.redis.set(seen, status.outcome, 'EX', SEEN_TTL_SECONDS, 'NX')) !== 'OK') return 'ignored';
  try {
    const at = new Date();
    await store.destinations.storeStatus(target, status.pages, status.outcome === 'delivered' ? at : null);
    const bounce = faxStatusBounce(target, status, at);
    if (bounce) await store.redis.xadd(trackingStreamKey(store.prefix), '*', ...encodeStreamEntry(bounce));
  } catch (error) {
    // Not recorded: forget that it was seen, so the provider's repeat can still record it.
    await store.redis.del(seen).catch(() => undefined);
    throw error;
  }
  return 'recorded';
}
