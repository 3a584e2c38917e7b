/**
 * Tells likely machine opens and clicks from human ones (docs/rules/tracking.md, Machine detection):
 * mail privacy proxies fetch every image, security scanners follow every link within seconds,
 * often with HEAD requests. Such events are stored, flagged and counted apart.
 */
const PROXY_USER_AGENTS = [/GoogleImageProxy/i, /YahooMailProxy/i, /Feedfetcher/i];
const SCANNER_USER_AGENTS = [
  /bot\b/i,
  /spider/i,
  /crawler/i,
  /python-requests/i,
  /curl\//i,
  /wget\//i,
  /Go-http-client/i,
  /Java\//i,
  /libwww/i,
  /Barracuda/i,
  /Proofpoint/i,
  /Mimecast/i,
  /Symantec/i,
  /Microsoft Office Protocol Discovery/i,
  /SafeLinks/i,
];
/** Apple Mail Privacy Protection fetches with a bare, versionless user agent. */
const APPLE_PROXY_USER_AGENT = /^Mozilla\/5\.0$/;

export interface TrackedRequest {
  kind: 'open' | 'click';
  method: string;
  userAgent: string | undefined;
  occurredAt: Date;
  sentAt: Date | null;
}

/** Seconds after delivery within which a human is not expected to open or click. */
const MACHINE_WINDOW_SECONDS = 2;

export function isLikelyMachine(request: TrackedRequest): boolean {
  if (request.method === 'HEAD') return true;
  const ua = request.userAgent ?? '';
  if (!ua) return true;
  if (request.sentAt && request.occurredAt.getTime() - request.sentAt.getTime() < MACHINE_WINDOW_SECONDS * 1000)
    return true;
  if (request.kind === 'open' && (APPLE_PROXY_USER_AGENT.test(ua) || PROXY_USER_AGENTS.some((p) => p.test(ua))))
    return true;
  return SCANNER_USER_AGENTS.some((p) => p.test(ua));
}
