import express, { type Request, type Response, type Router } from 'express';
import type { TrackingResult, TrackingService, RequestMeta } from './tracking.service';

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const UNSUBSCRIBED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>You have been unsubscribed</h1><p>You will not receive these mailings any more.</p></body></html>`;

function meta(req: Request): RequestMeta {
  return { method: req.method, userAgent: req.get('user-agent'), ip: req.ip };
}

function respond(res: Response, result: TrackingResult): void {
  res.set('Cache-Control', 'no-store, max-age=0');
  switch (result.kind) {
    case 'pixel':
      res.status(200).type('image/gif').send(PIXEL);
      return;
    case 'redirect':
      res.redirect(302, result.location);
      return;
    case 'unsubscribed':
      // RFC 8058: a one-click POST gets 200 without a redirect.
      if (result.oneClick) res.status(200).type('text/plain').send('Unsubscribed');
      else res.status(200).type('html').send(UNSUBSCRIBED_PAGE);
      return;
    case 'not-found':
      res.status(404).type('text/plain').send('Not found');
      return;
    case 'unavailable':
      res.status(503).set('Retry-After', '5').type('text/plain').send('Temporarily unavailable, try again');
      return;
  }
}

/**
 * The recipients' endpoints, mounted as plain Express routes ahead of Nest's router: they are hit
 * once per open and click, so they skip the framework's per-request machinery and answer at once.
 */
export function trackingRouter(tracking: TrackingService): Router {
  const router = express.Router();
  const handle =
    (fn: (token: string, req: Request) => Promise<TrackingResult>) =>
    (req: Request, res: Response): void => {
      fn(String(req.params['token']), req).then(
        (result) => respond(res, result),
        () => respond(res, { kind: 'unavailable' }),
      );
    };
  router.get('/o/:token', handle((token, req) => tracking.open(token, meta(req))));
  router.get('/c/:token', handle((token, req) => tracking.click(token, meta(req))));
  router.head('/c/:token', handle((token, req) => tracking.click(token, meta(req))));
  router.get('/u/:token', handle((token, req) => tracking.unsubscribe(token, meta(req), false)));
  router.head('/u/:token', handle((token, req) => tracking.unsubscribe(token, meta(req), false)));
  // RFC 8058 one-click: form-urlencoded or multipart body `List-Unsubscribe=One-Click`; no login, no cookies.
  router.post('/u/:token', handle((token, req) => tracking.unsubscribe(token, meta(req), true)));
  return router;
}
