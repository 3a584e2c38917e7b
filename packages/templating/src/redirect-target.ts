// Longer than any URL a browser keeps in its address bar; a Location this long is an attack, not a link.
const MAX_URL_CHARS = 65_536;
const HTTP_URL = /^https?:\/\//i;

/**
 * The Location a tracked click may redirect to: the URL as the WHATWG URL standard serialises it
 * (non-ASCII and controls percent-encoded, tabs and newlines dropped, host in punycode), so it is
 * always a valid header value; or null for anything that is not an absolute http(s) URL
 * (`javascript:`, `data:`, relative, unparseable), which must never be a redirect target.
 */
export function redirectTarget(url: string): string | null {
  if (typeof url !== 'string' || url.length > MAX_URL_CHARS) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const href = parsed.href;
  return href.length > MAX_URL_CHARS ? null : href;
}

/**
 * Whether a link's href as written (entities already decoded) is one Herald tracks and lists: an
 * absolute http(s) URL. Each message tracks only what renders to `http://` or `https://` at its very
 * start, so a static href must start so and be a valid redirect target, and an href with Liquid must
 * have a static start (`liquidPrefix`, the text before its first Liquid markup) that is empty (the
 * whole URL comes from the data), starts so, or is the beginning of it (`http{{ s }}://`). Anything
 * else (`javascript:`, `java&#x09;script:`, `data:`, relative) stays as written and is no link.
 */
export function isTrackableHref(url: string, liquidPrefix?: string): boolean {
  if (liquidPrefix === undefined) return HTTP_URL.test(url) && redirectTarget(url) !== null;
  const start = liquidPrefix.toLowerCase();
  return HTTP_URL.test(start) || 'https://'.startsWith(start) || 'http://'.startsWith(start);
}
