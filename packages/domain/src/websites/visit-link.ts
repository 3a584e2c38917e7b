import { VISIT_PARAMETER } from './page-view-beacon';

/**
 * Whether a mailing's link leads to one of the account's websites, so that its click redirect carries
 * the visit token: its host is a website's domain or a subdomain of one (www.shop.example for
 * shop.example). `domains` are stored lower-case, as a URL's host name is.
 */
export function leadsToWebsite(location: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return false;
  let host: string;
  try {
    host = new URL(location).hostname;
  } catch {
    return false;
  }
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * The link with the visit token added as `hv`, before any fragment, the rest of the address left
 * byte for byte as it was. A link that carries `hv` already (the document wrote `{% visit_token %}`)
 * is returned unchanged.
 */
export function withVisitToken(location: string, token: string): string {
  const hash = location.indexOf('#');
  const base = hash === -1 ? location : location.slice(0, hash);
  const fragment = hash === -1 ? '' : location.slice(hash);
  const query = base.indexOf('?');
  if (query !== -1 && new URLSearchParams(base.slice(query + 1)).has(VISIT_PARAMETER)) return location;
  const separator = query === -1 ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${VISIT_PARAMETER}=${encodeURIComponent(token)}${fragment}`;
}
