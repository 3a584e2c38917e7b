/**
 * The Redis stream that carries results from the API's tracking endpoints and the worker's inbound
 * SMTP server to the ingestion consumer. Short field names: there is one entry per open or click.
 */
export function trackingStreamKey(prefix: string): string {
  return `${prefix}:tracking-events`;
}

export type TrackingResultKind = 'open' | 'click' | 'unsubscribe' | 'one-click-unsubscribe' | 'complaint' | 'bounce';

const CODES: Record<TrackingResultKind, string> = {
  open: 'o',
  click: 'c',
  unsubscribe: 'u',
  'one-click-unsubscribe': 'l',
  complaint: 'x',
  bounce: 'b',
};
// A Map, not an object: a code such as `constructor` must not find something on Object.prototype.
const KINDS = new Map<string, TrackingResultKind>(Object.entries(CODES).map(([k, v]) => [v, k as TrackingResultKind]));
// What the database columns hold: Mailing.id and Link.position are int4, Destination.id is int8.
const MAX_INT4 = 2 ** 31 - 1;
const MAX_INT8 = 2n ** 63n - 1n;
// The range of a JavaScript Date, in milliseconds either side of 1970.
const MAX_TIME = 8.64e15;

export interface TrackingStreamEntry {
  kind: TrackingResultKind;
  mailingId: number;
  destinationId: bigint;
  at: Date;
  method?: string;
  userAgent?: string;
  ipHash?: string;
  linkPosition?: number;
  url?: string;
  errorKind?: 'SOFT' | 'HARD';
  errorCode?: string;
  errorText?: string;
  /** A bounce's reason in sisimai's terms (`userunknown`, `blocked`...), packages/bounces BounceReason. */
  errorReason?: string;
}

/**
 * The tracked destination of a test mail: no mailing, no profile. Its unsubscribe link answers that
 * it was a test and changes nothing; it is never a stream entry.
 */
export const TEST_MESSAGE_DESTINATION = 'test';

/** `<mailingId>.<destinationId>`: how tracking tokens and stream entries name a destination. */
export function formatTrackedDestination(mailingId: number, destinationId: bigint | string): string {
  return `${mailingId}.${destinationId}`;
}

export function parseTrackedDestination(value: string): { mailingId: number; destinationId: bigint } | null {
  const match = typeof value === 'string' ? /^(\d{1,10})\.(\d{1,19})$/.exec(value) : null;
  if (!match) return null;
  const mailingId = Number(match[1]);
  const destinationId = BigInt(match[2]!);
  // Ids the database cannot hold would fail the whole batch they arrive in, again and again.
  return mailingId <= MAX_INT4 && destinationId <= MAX_INT8 ? { mailingId, destinationId } : null;
}

// The fields of an entry, in the order the packed form lists them.
const PACKED_FIELDS = ['k', 'd', 't', 'm', 'ua', 'ip', 'p', 'u', 'ek', 'ec', 'et', 'er'] as const;

/**
 * The field list for XADD: one field, `e`, holding the entry as a JSON array in PACKED_FIELDS order
 * (absent values as null). One field instead of up to twelve pairs: the API writes one entry per open
 * and click, and each argument costs ioredis and Redis work of its own. decodeStreamEntry still reads
 * the older one-pair-per-field entries, so a stream written by an earlier version drains as before.
 */
export function encodeStreamEntry(entry: TrackingStreamEntry): string[] {
  const packed: Array<string | null> = [
    CODES[entry.kind],
    formatTrackedDestination(entry.mailingId, entry.destinationId),
    String(entry.at.getTime()),
    entry.method || null,
    entry.userAgent ? entry.userAgent.slice(0, 512) : null,
    entry.ipHash || null,
    entry.linkPosition === undefined ? null : String(entry.linkPosition),
    entry.url || null,
    entry.errorKind ?? null,
    entry.errorCode || null,
    entry.errorText ? entry.errorText.slice(0, 1000) : null,
    entry.errorReason || null,
  ];
  return ['e', JSON.stringify(packed)];
}

/** The packed form's values by field name; null when it is not a JSON array of strings and nulls. */
function unpack(json: string): Record<string, string> | null {
  let values: unknown;
  try {
    values = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length > PACKED_FIELDS.length) return null;
  const f: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    if (typeof value === 'string') f[PACKED_FIELDS[i]!] = value;
    else if (value !== null) return null;
  }
  return f;
}

/** Text as PostgreSQL can store it: a NUL byte (a bounce's diagnostic may hold one) fails the whole batch. */
function storable(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replaceAll('\u0000', '');
}

/** Parses XREADGROUP's flat field list; null for anything malformed. Whatever it returns, the database can store. */
export function decodeStreamEntry(flat: string[]): TrackingStreamEntry | null {
  if (!Array.isArray(flat)) return null;
  let f: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < flat.length; i += 2)
    if (typeof flat[i] === 'string' && typeof flat[i + 1] === 'string') f[flat[i]!] = flat[i + 1]!;
  if (f['e'] !== undefined) {
    const unpacked = unpack(f['e']);
    if (!unpacked) return null;
    f = unpacked;
  }
  const kind = KINDS.get(f['k'] ?? '');
  const destination = parseTrackedDestination(f['d'] ?? '');
  const at = /^\d{1,16}$/.test(f['t'] ?? '') ? Number(f['t']) : Number.NaN;
  if (!kind || !destination || !(at <= MAX_TIME)) return null;
  const position = f['p'] !== undefined ? (/^\d{1,10}$/.test(f['p']) ? Number(f['p']) : Number.NaN) : undefined;
  if (position !== undefined && !(position <= MAX_INT4)) return null;
  return {
    kind,
    ...destination,
    at: new Date(at),
    method: storable(f['m']),
    userAgent: storable(f['ua']),
    ipHash: storable(f['ip']),
    linkPosition: position,
    url: storable(f['u']),
    errorKind: f['ek'] === 'HARD' ? 'HARD' : f['ek'] === 'SOFT' ? 'SOFT' : undefined,
    errorCode: storable(f['ec']),
    errorText: storable(f['et']),
    // A reason is a lower-case word; anything else in the stream is not one.
    errorReason: /^[a-z]{1,32}$/.test(f['er'] ?? '') ? f['er'] : undefined,
  };
}
