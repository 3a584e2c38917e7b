import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { RequestMeta, TrackingResult, TrackingService } from './tracking.service';

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const page = (title: string, body: string): string => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">${body}</body></html>`;

const UNSUBSCRIBED_PAGE = page(
  'Unsubscribed',
  '<h1>You have been unsubscribed</h1><p>You will not receive these mailings any more.</p>',
);
// The form posts back to the same URL: the POST is what unsubscribes (RFC 8058).
const CONFIRM_PAGE = page(
  'Unsubscribe',
  `<h1>Unsubscribe from these mailings?</h1><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>`,
);
const TEST_MESSAGE_PAGE = page(
  'Test message',
  '<h1>This was a test message</h1><p>Nothing was changed. In the real mailing, this link unsubscribes the recipient.</p>',
);

const NO_STORE = 'no-store, max-age=0';

/*
 * Headers as flat lists built once: these answers go out once per open and click of every recipient,
 * so each costs what node must write and what the recipient's client must read, and nothing more.
 * They are answered ahead of helmet, so they carry what matters of its headers themselves: no type
 * sniffing on any; no Referer with the tracking token to the site a click leads to; and the one HTML
 * page may run nothing and not be framed.
 */
type HeaderList = readonly string[];
const BASE: HeaderList = ['cache-control', NO_STORE, 'x-content-type-options', 'nosniff'];
const PIXEL_HEADERS: HeaderList = [...BASE, 'content-type', 'image/gif', 'content-length', String(PIXEL.length)];
const REDIRECT_HEADERS: HeaderList = [...BASE, 'referrer-policy', 'no-referrer', 'content-length', '0'];
const TEXT_HEADERS: HeaderList = [...BASE, 'content-type', 'text/plain; charset=utf-8'];
const PAGE_HEADERS: HeaderList = [
  ...BASE,
  'content-type',
  'text/html; charset=utf-8',
  'x-frame-options',
  'DENY',
  'content-security-policy',
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
];

function respond(req: IncomingMessage, res: ServerResponse, result: TrackingResult): void {
  const head = req.method === 'HEAD';
  const send = (status: number, headers: HeaderList, body: string | Buffer): void => {
    res.writeHead(status, [...headers, 'content-length', String(Buffer.byteLength(body))]);
    res.end(head ? undefined : body);
  };
  switch (result.kind) {
    case 'pixel':
      res.writeHead(200, PIXEL_HEADERS as string[]);
      return void res.end(head ? undefined : PIXEL);
    case 'redirect':
      res.writeHead(302, [...REDIRECT_HEADERS, 'location', result.location]);
      return void res.end();
    case 'unsubscribed':
      // RFC 8058: a one-click POST gets 200 without a redirect; a person's browser gets the page.
      return result.oneClick && !result.page
        ? send(200, TEXT_HEADERS, 'Unsubscribed')
        : send(200, PAGE_HEADERS, UNSUBSCRIBED_PAGE);
    case 'confirm-unsubscribe':
      return send(200, PAGE_HEADERS, CONFIRM_PAGE);
    case 'test-message':
      return send(200, PAGE_HEADERS, TEST_MESSAGE_PAGE);
    case 'not-found':
      return send(404, TEXT_HEADERS, 'Not found');
    case 'unavailable':
      return send(503, [...TEXT_HEADERS, 'retry-after', '5'], 'Temporarily unavailable, try again');
  }
}

/**
 * Answers, whatever went wrong before: a throw here (an invalid header value, a closed socket) would
 * otherwise escape into a promise callback and end the process for every recipient.
 */
function respondSafely(req: IncomingMessage, res: ServerResponse, result: TrackingResult, log: TrackingLog): void {
  try {
    respond(req, res, result);
  } catch (error) {
    log.error(error, `tracking answer ${result.kind} failed on ${req.method ?? '?'} ${routeName(req.url)}`);
    failed(res);
  }
}

/** A plain 500 if nothing was sent yet; otherwise the connection is cut, since the answer is broken. */
function failed(res: ServerResponse): void {
  try {
    if (!res.headersSent) {
      res.writeHead(500, [...TEXT_HEADERS, 'content-length', '21']);
      res.end('Internal server error');
    } else {
      res.destroy();
    }
  } catch {
    res.destroy();
  }
}

// Logs name the route, never the token (it is the recipient's identity).
function routeName(url: string | undefined): string {
  return (url ?? '').slice(0, 5);
}

const ROUTE = /^\/t\/([ocul])\/([A-Za-z0-9_-]{1,20000})$/;

export type TrackingRoute =
  { kind: 'o' | 'c' | 'u' | 'l'; token: string; method: 'GET' | 'HEAD' | 'POST' } | { kind: 'not-found' };

/**
 * Which tracking endpoint a request is for: null when the path is not under /t/ (the rest of the API
 * answers it), not-found for a path or method the endpoints do not take. Only the unsubscribe
 * endpoints take a POST: the document's link (`u`) and the List-Unsubscribe header's URL (`l`).
 */
export function trackingRoute(method: string | undefined, url: string | undefined): TrackingRoute | null {
  if (url === undefined || !url.startsWith('/t/')) return null;
  const queryAt = url.indexOf('?');
  const match = ROUTE.exec(queryAt < 0 ? url : url.slice(0, queryAt));
  if (!match) return { kind: 'not-found' };
  const kind = match[1] as 'o' | 'c' | 'u' | 'l';
  const verb = method ?? 'GET';
  if (verb === 'GET' || verb === 'HEAD' || (verb === 'POST' && (kind === 'u' || kind === 'l')))
    return { kind, token: match[2]!, method: verb };
  return { kind: 'not-found' };
}

/** What the handler asks of TrackingService. */
export type TrackingEndpoints = Pick<TrackingService, 'open' | 'click' | 'unsubscribe' | 'confirmUnsubscribe'>;

/** Where the handler's failures go: Nest's logger in the API, something that records them in tests. */
export interface TrackingLog {
  error(error: unknown, message: string): void;
}

/**
 * The recipients' endpoints (open pixel, click redirect, unsubscribe) answered straight from the
 * HTTP server, ahead of Express and Nest: they are hit once per open and click of every recipient,
 * and the framework's per-request work cost ten times what they do themselves.
 * Never throws and never rejects: every request it takes gets an answer.
 */
function handleTrackingRequest(
  tracking: TrackingEndpoints,
  req: IncomingMessage,
  res: ServerResponse,
  trustedProxy: (address: string) => boolean,
  log: TrackingLog,
): boolean {
  const route = trackingRoute(req.method, req.url);
  if (route === null) return false;
  try {
    if (route.kind === 'not-found') {
      respondSafely(req, res, route, log);
      return true;
    }
    const remote = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    const ip = trustedProxy(remote) && typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : remote;
    const meta: RequestMeta = { method: route.method, userAgent: req.headers['user-agent'], ip };
    // A one-click POST carries `List-Unsubscribe=One-Click`; its content does not matter, so drain it.
    if (route.method === 'POST') req.resume();
    const work =
      route.kind === 'o'
        ? tracking.open(route.token, meta)
        : route.kind === 'c'
          ? tracking.click(route.token, meta)
          : route.kind === 'u'
            ? tracking.unsubscribe(route.token, meta, route.method === 'POST')
            : // The header's URL: a GET (a scanner, or a person following it) only asks.
              route.method === 'POST'
              ? tracking.unsubscribe(route.token, meta, true, true)
              : tracking.confirmUnsubscribe(route.token);
    work.then(
      (result) => respondSafely(req, res, result, log),
      (error: unknown) => {
        log.error(error, `tracking ${route.kind} failed`);
        respondSafely(req, res, { kind: 'unavailable' }, log);
      },
    );
  } catch (error) {
    log.error(error, `tracking request failed on ${req.method ?? '?'} ${routeName(req.url)}`);
    failed(res);
  }
  return true;
}

/** Puts the tracking handler in front of whatever already answers the server's requests. */
export function mountTrackingHandler(server: Server, tracking: TrackingEndpoints, log: TrackingLog = nestLog): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  const loopback = (address: string): boolean =>
    address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handleTrackingRequest(tracking, req, res, loopback, log)) return;
    for (const listener of listeners) listener(req, res);
  });
}

const logger = new Logger('TrackingHttpHandler');
const nestLog: TrackingLog = { error: (error, message) => logger.error({ err: error }, message) };
