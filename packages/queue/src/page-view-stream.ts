/** The Redis stream the API appends page views to and the worker stores from, beside the tracking events'. */
export function pageViewStreamKey(prefix: string): string {
  return `${prefix}:page-views`;
}

/** A page view as the snippet or pixel reported it, checked (parsePageViewBeacon) but not yet resolved. */
export interface PageViewStreamEntry {
  websiteKey: string;
  url: string;
  path: string;
  referrer: string | null;
  visitorId: string | null;
  /** The signed visit token of a mailing's link (`hv`), verified by the worker. */
  visit: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  at: Date;
  userAgent: string | null;
  ipHash: string | null;
}

const FIELDS = 12;

/** The field list for XADD: one field, `e`, holding the entry as a JSON array. */
export function encodePageViewEntry(entry: PageViewStreamEntry): string[] {
  return [
    'e',
    JSON.stringify([
      entry.websiteKey,
      entry.url,
      entry.path,
      entry.referrer,
      entry.visitorId,
      entry.visit,
      entry.utmSource,
      entry.utmMedium,
      entry.utmCampaign,
      entry.at.getTime(),
      entry.userAgent,
      entry.ipHash,
    ]),
  ];
}

const text = (value: unknown): value is string => typeof value === 'string';
const optional = (value: unknown): string | null => (text(value) ? value : null);

/** The entry an XADD of `encodePageViewEntry` wrote; null for anything else. */
export function decodePageViewEntry(fields: readonly string[]): PageViewStreamEntry | null {
  if (fields.length !== 2 || fields[0] !== 'e') return null;
  let values: unknown;
  try {
    values = JSON.parse(fields[1]!);
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== FIELDS) return null;
  const [websiteKey, url, path, referrer, visitorId, visit, utmSource, utmMedium, utmCampaign, at, userAgent, ipHash] =
    values as unknown[];
  if (!text(websiteKey) || !text(url) || !text(path) || typeof at !== 'number' || !Number.isFinite(at)) return null;
  return {
    websiteKey,
    url,
    path,
    referrer: optional(referrer),
    visitorId: optional(visitorId),
    visit: optional(visit),
    utmSource: optional(utmSource),
    utmMedium: optional(utmMedium),
    utmCampaign: optional(utmCampaign),
    at: new Date(at),
    userAgent: optional(userAgent),
    ipHash: optional(ipHash),
  };
}
