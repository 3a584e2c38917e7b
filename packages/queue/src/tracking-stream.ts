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
const KINDS: Record<string, TrackingResultKind> = Object.fromEntries(Object.entries(CODES).map(([k, v]) => [v, k as TrackingResultKind]));

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
}

/** `<mailingId>.<destinationId>`: how tracking tokens and stream entries name a destination. */
export function formatTrackedDestination(mailingId: number, destinationId: bigint | string): string {
  return `${mailingId}.${destinationId}`;
}

export function parseTrackedDestination(value: string): { mailingId: number; destinationId: bigint } | null {
  const match = /^(\d{1,10})\.(\d{1,19})$/.exec(value);
  return match ? { mailingId: Number(match[1]), destinationId: BigInt(match[2]!) } : null;
}

/** The flat field list for XADD. */
export function encodeStreamEntry(entry: TrackingStreamEntry): string[] {
  const fields = ['k', CODES[entry.kind], 'd', formatTrackedDestination(entry.mailingId, entry.destinationId), 't', String(entry.at.getTime())];
  const optional: Array<[string, string | number | undefined]> = [
    ['m', entry.method],
    ['ua', entry.userAgent?.slice(0, 512)],
    ['ip', entry.ipHash],
    ['p', entry.linkPosition],
    ['u', entry.url],
    ['ek', entry.errorKind],
    ['ec', entry.errorCode],
    ['et', entry.errorText?.slice(0, 1000)],
  ];
  for (const [name, value] of optional) if (value !== undefined && value !== '') fields.push(name, String(value));
  return fields;
}

/** Parses XREADGROUP's flat field list; null for anything malformed. */
export function decodeStreamEntry(flat: string[]): TrackingStreamEntry | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const kind = KINDS[f['k'] ?? ''];
  const destination = parseTrackedDestination(f['d'] ?? '');
  const at = Number(f['t']);
  if (!kind || !destination || !Number.isFinite(at)) return null;
  const position = f['p'] !== undefined ? Number(f['p']) : undefined;
  if (position !== undefined && !Number.isInteger(position)) return null;
  return {
    kind,
    ...destination,
    at: new Date(at),
    method: f['m'],
    userAgent: f['ua'],
    ipHash: f['ip'],
    linkPosition: position,
    url: f['u'],
    errorKind: f['ek'] === 'HARD' ? 'HARD' : f['ek'] === 'SOFT' ? 'SOFT' : undefined,
    errorCode: f['ec'],
    errorText: f['et'],
  };
}
