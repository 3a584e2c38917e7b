/** What a page view reports, as the snippet's beacon or the pixel sends it: checked, the visit token still to verify. */
export interface PageViewBeacon {
  websiteKey: string;
  url: string;
  path: string;
  referrer: string | null;
  visitorId: string | null;
  visit: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
}

/** The query parameter of a mailing link's visit token, which the snippet reads from the page's address. */
export const VISIT_PARAMETER = 'hv';

const MAX_URL = 2048;
const MAX_CAMPAIGN = 200;
const WEBSITE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
const VISIT_TOKEN = /^[A-Za-z0-9_-]{20,400}$/;

function httpUrl(raw: string | null | undefined): URL | null {
  if (!raw || raw.length > MAX_URL) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const campaign = (url: URL, name: string): string | null => {
  const value = url.searchParams.get(name)?.trim();
  return value ? value.slice(0, MAX_CAMPAIGN) : null;
};

/**
 * A page view from the beacon's query: `k` the website's public key, `u` the page's URL (the pixel
 * without script sends none: the Referer header stands in), `r` the referrer, `v` the visitor id,
 * `h` a mailing link's visit token. Null for anything that is not a page view of a website (no key,
 * no http(s) URL): such a request is answered like any other and nothing is recorded. The stored URL
 * loses the visit token (it identifies the recipient) and its fragment; campaign parameters
 * (utm_source, utm_medium, utm_campaign) are read from it.
 */
export function parsePageViewBeacon(query: URLSearchParams, refererHeader?: string): PageViewBeacon | null {
  const websiteKey = query.get('k') ?? '';
  if (!WEBSITE_KEY.test(websiteKey)) return null;
  const url = httpUrl(query.get('u') ?? refererHeader);
  if (!url) return null;
  const visitInUrl = url.searchParams.get(VISIT_PARAMETER);
  url.searchParams.delete(VISIT_PARAMETER);
  url.hash = '';
  const referrer = httpUrl(query.get('r'));
  const visitorId = query.get('v');
  const visit = query.get('h') ?? visitInUrl;
  return {
    websiteKey,
    url: url.href,
    path: url.pathname,
    referrer: referrer ? referrer.href : null,
    visitorId: visitorId && VISITOR_ID.test(visitorId) ? visitorId : null,
    visit: visit && VISIT_TOKEN.test(visit) ? visit : null,
    utmSource: campaign(url, 'utm_source'),
    utmMedium: campaign(url, 'utm_medium'),
    utmCampaign: campaign(url, 'utm_campaign'),
  };
}
