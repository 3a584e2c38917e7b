import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { PageViewsService } from './page-views.service';
import { PAGE_VIEW_PATH, SNIPPET_PATH, SNIPPET_SCRIPT } from './website-snippet';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const SCRIPT = Buffer.from(SNIPPET_SCRIPT, 'utf8');
const PIXEL_HEADERS = [
  'cache-control',
  'no-store, max-age=0',
  'x-content-type-options',
  'nosniff',
  'content-type',
  'image/gif',
  'content-length',
  String(PIXEL.length),
];
// Cross-origin by design: websites load it; it may be cached for an hour.
const SCRIPT_HEADERS = [
  'cache-control',
  'public, max-age=3600',
  'x-content-type-options',
  'nosniff',
  'cross-origin-resource-policy',
  'cross-origin',
  'content-type',
  'text/javascript; charset=utf-8',
  'content-length',
  String(SCRIPT.length),
];
const MAX_QUERY = 8192;
const logger = new Logger('PageViewHttpHandler');

function loopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * The snippet's script and the page view beacon, answered ahead of Express like the tracking
 * endpoints (one request per page view of every site). The beacon always answers the pixel: whether
 * a view was recorded tells a caller nothing it could use.
 */
function handle(views: PageViewsService, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (path !== PAGE_VIEW_PATH && path !== SNIPPET_PATH) return false;
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.writeHead(405, ['allow', 'GET, HEAD', 'content-length', '0']);
    res.end();
    return true;
  }
  if (path === SNIPPET_PATH) {
    res.writeHead(200, SCRIPT_HEADERS);
    res.end(head ? undefined : SCRIPT);
    return true;
  }
  const answer = (): void => {
    try {
      res.writeHead(200, PIXEL_HEADERS);
      res.end(head ? undefined : PIXEL);
    } catch {
      res.destroy();
    }
  };
  if (head || queryAt < 0 || url.length - queryAt > MAX_QUERY) {
    answer();
    return true;
  }
  const remote = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  const ip = loopback(remote) && typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : remote;
  const referer = req.headers.referer;
  views
    .record(new URLSearchParams(url.slice(queryAt + 1)), { userAgent: req.headers['user-agent'], referer, ip })
    .catch((error: unknown) => logger.error({ err: error }, 'page view failed'))
    .finally(answer);
  return true;
}

/** Puts the page view endpoints in front of whatever already answers the server's requests. */
export function mountPageViewHandler(server: Server, views: PageViewsService): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handle(views, req, res)) return;
    for (const listener of listeners) listener(req, res);
  });
}
