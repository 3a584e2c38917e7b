import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { RequestMeta, TrackingResult, TrackingService } from './tracking.service';

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const UNSUBSCRIBED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>You have been unsubscribed</h1><p>You will not receive these mailings any more.</p></body></html>`;

const NO_STORE = 'no-store, max-age=0';

function respond(req: IncomingMessage, res: ServerResponse, result: TrackingResult): void {
  const head = req.method === 'HEAD';
  const send = (status: number, headers: Record<string, string | number>, body: string | Buffer): void => {
    res.writeHead(status, { 'cache-control': NO_STORE, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(head ? undefined : body);
  };
  switch (result.kind) {
    case 'pixel':
      return send(200, { 'content-type': 'image/gif' }, PIXEL);
    case 'redirect':
      return send(302, { location: result.location, 'content-type': 'text/plain' }, 'Found');
    case 'unsubscribed':
      // RFC 8058: a one-click POST gets 200 without a redirect.
      return result.oneClick ? send(200, { 'content-type': 'text/plain' }, 'Unsubscribed') : send(200, { 'content-type': 'text/html; charset=utf-8' }, UNSUBSCRIBED_PAGE);
    case 'not-found':
      return send(404, { 'content-type': 'text/plain' }, 'Not found');
    case 'unavailable':
      return send(503, { 'content-type': 'text/plain', 'retry-after': 5 }, 'Temporarily unavailable, try again');
  }
}

const ROUTE = /^\/t\/([ocu])\/([A-Za-z0-9_-]{1,20000})$/;

/**
 * The recipients' endpoints (open pixel, click redirect, unsubscribe) answered straight from the
 * HTTP server, ahead of Express and Nest: they are hit once per open and click of every recipient,
 * and the framework's per-request work cost ten times what they do themselves.
 */
export function handleTrackingRequest(tracking: TrackingService, req: IncomingMessage, res: ServerResponse, trustedProxy: (address: string) => boolean): boolean {
  const url = req.url ?? '';
  if (!url.startsWith('/t/')) return false;
  const path = url.split('?', 1)[0]!;
  const match = ROUTE.exec(path);
  const method = req.method ?? 'GET';
  if (!match || !(method === 'GET' || method === 'HEAD' || (method === 'POST' && match[1] === 'u'))) {
    respond(req, res, { kind: 'not-found' });
    return true;
  }
  const remote = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  const ip = trustedProxy(remote) && typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : remote;
  const meta: RequestMeta = { method, userAgent: req.headers['user-agent'], ip };
  const [, kind, token] = match as unknown as [string, 'o' | 'c' | 'u', string];
  // A one-click POST carries `List-Unsubscribe=One-Click`; its content does not matter, so drain it.
  if (method === 'POST') req.resume();
  const work =
    kind === 'o' ? tracking.open(token, meta) : kind === 'c' ? tracking.click(token, meta) : tracking.unsubscribe(token, meta, method === 'POST');
  work.then(
    (result) => respond(req, res, result),
    () => respond(req, res, { kind: 'unavailable' }),
  );
  return true;
}

/** Puts the tracking handler in front of whatever already answers the server's requests. */
export function mountTrackingHandler(server: Server, tracking: TrackingService): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  const loopback = (address: string): boolean => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handleTrackingRequest(tracking, req, res, loopback)) return;
    for (const listener of listeners) listener(req, res);
  });
}
