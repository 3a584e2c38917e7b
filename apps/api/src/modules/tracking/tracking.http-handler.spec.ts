import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountTrackingHandler, trackingRoute, type TrackingEndpoints, type TrackingLog } from './tracking.http-handler';
import type { TrackingResult } from './tracking.service';

/** What the service does for the next request: answer, reject, or throw before returning a promise. */
type Behaviour = { answer: TrackingResult } | { reject: unknown } | { throwNow: unknown };

// A stand-in for TrackingService (whose Redis and PostgreSQL paths test/tracking covers): here only the
// handler's routing and its answers to whatever the service does are under test.
function scriptedService(next: () => Behaviour): TrackingEndpoints {
  const run = (): Promise<TrackingResult> => {
    const behaviour = next();
    if ('throwNow' in behaviour) throw behaviour.throwNow;
    return 'reject' in behaviour ? Promise.reject(behaviour.reject) : Promise.resolve(behaviour.answer);
  };
  return { open: run, click: run, unsubscribe: run, confirmUnsubscribe: run };
}

/** Any path as a client can put it on the request line: bytes outside the URL's characters percent-encoded. */
function onTheWire(path: string): string {
  let wire = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const char = String.fromCharCode(byte);
    wire += /[A-Za-z0-9\-._~/!$&'()*+,;=:@%?]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return wire.startsWith('/') ? wire : `/${wire}`;
}

describe('trackingRoute', () => {
  it('routes only /t/o, /t/c, /t/u and /t/l with a token, and POST only to unsubscribe', () => {
    expect(trackingRoute('GET', '/t/c/abc_-9?utm=1')).toEqual({ kind: 'c', token: 'abc_-9', method: 'GET' });
    expect(trackingRoute('HEAD', '/t/o/abc')).toEqual({ kind: 'o', token: 'abc', method: 'HEAD' });
    expect(trackingRoute('POST', '/t/u/abc')).toEqual({ kind: 'u', token: 'abc', method: 'POST' });
    expect(trackingRoute('POST', '/t/l/abc')).toEqual({ kind: 'l', token: 'abc', method: 'POST' });
    expect(trackingRoute('GET', '/t/l/abc')).toEqual({ kind: 'l', token: 'abc', method: 'GET' });
    expect(trackingRoute('POST', '/t/o/abc')).toEqual({ kind: 'not-found' });
    expect(trackingRoute('POST', '/t/c/abc')).toEqual({ kind: 'not-found' });
    expect(trackingRoute('GET', '/t/x/abc')).toEqual({ kind: 'not-found' });
    expect(trackingRoute('GET', '/t/c/a.b')).toEqual({ kind: 'not-found' });
    expect(trackingRoute('GET', '/mailings/1')).toBeNull();
    expect(trackingRoute('GET', undefined)).toBeNull();
  });

  it('never throws on any method and path, and takes only what starts with /t/', () => {
    const path = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary' }).map((rest) => `/t/${rest}`),
      fc.tuple(fc.constantFrom('o', 'c', 'u', 'w', ''), fc.string()).map(([kind, rest]) => `/t/${kind}/${rest}`),
    );
    fc.assert(
      fc.property(
        fc.option(fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'), fc.string())),
        fc.option(path),
        (method, url) => {
          const route = trackingRoute(method ?? undefined, url ?? undefined);
          expect(route === null).toBe(!(url ?? '').startsWith('/t/'));
          if (route && route.kind !== 'not-found') {
            expect(route.token).toMatch(/^[A-Za-z0-9_-]+$/);
            expect(url!.startsWith(`/t/${route.kind}/${route.token}`)).toBe(true);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('the tracking handler on a real HTTP server', () => {
  let server: Server;
  let port: number;
  let behaviour: Behaviour = { answer: { kind: 'pixel' } };
  const logged: string[] = [];
  const log: TrackingLog = { error: (_error, message) => logged.push(message) };
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  const send = (method: string, path: string): Promise<{ status: number; headers: Record<string, unknown> }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, agent, timeout: 5_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path}`)));
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(418).end('the rest of the API');
    });
    mountTrackingHandler(
      server,
      scriptedService(() => behaviour),
      log,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers 500 and logs, instead of ending the process, when a Location cannot be a header', async () => {
    logged.length = 0;
    for (const location of [
      'https://example.com/ソニー',
      'https://example.com/\r\nSet-Cookie: a=1',
      'https://example.com/Łukasz',
    ]) {
      behaviour = { answer: { kind: 'redirect', location } };
      expect((await send('GET', '/t/c/abc')).status).toBe(500);
    }
    expect(logged).toHaveLength(3);
    expect(logged[0]).toContain('redirect');
    expect(logged[0]).not.toContain('abc'); // the token is the recipient's identity
    behaviour = { answer: { kind: 'pixel' } };
    expect((await send('GET', '/t/o/abc')).status).toBe(200);
  });

  it('answers 503 when the service fails, whether it rejects or throws', async () => {
    behaviour = { reject: new Error('redis down') };
    expect((await send('GET', '/t/o/abc')).status).toBe(503);
    behaviour = { throwNow: new Error('bug') };
    expect((await send('GET', '/t/c/abc')).status).toBe(500);
    expect((await send('GET', '/health')).status).toBe(418);
  });

  it('answers every request with any path, method and service behaviour, and keeps serving', async () => {
    const anyLocation = fc.oneof(
      fc.webUrl(),
      fc.string({ unit: 'binary' }),
      fc.webUrl().map((url) => `${url}/Łukasz`),
    );
    const result: fc.Arbitrary<TrackingResult> = fc.oneof(
      fc.constant({ kind: 'pixel' as const }),
      anyLocation.map((location) => ({ kind: 'redirect' as const, location })),
      fc.boolean().map((oneClick) => ({ kind: 'unsubscribed' as const, oneClick })),
      fc.constant({ kind: 'not-found' as const }),
      fc.constant({ kind: 'unavailable' as const }),
    );
    const anyBehaviour: fc.Arbitrary<Behaviour> = fc.oneof(
      { weight: 4, arbitrary: result.map((answer) => ({ answer })) },
      { weight: 1, arbitrary: fc.anything().map((reject) => ({ reject })) },
      { weight: 1, arbitrary: fc.anything().map((throwNow) => ({ throwNow })) },
    );
    const path = fc.oneof(
      fc
        .tuple(fc.constantFrom('o', 'c', 'u'), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.option(fc.string()))
        .map(([kind, token, query]) => `/t/${kind}/${token}${query === null ? '' : `?${query}`}`),
      fc.string({ unit: 'binary' }).map((rest) => `/t/${rest}`),
      fc.string({ unit: 'binary' }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
        path,
        anyBehaviour,
        async (method, rawPath, next) => {
          behaviour = next;
          const wire = onTheWire(rawPath);
          const { status, headers } = await send(method, wire);
          if (!wire.startsWith('/t/')) {
            expect(status).toBe(418);
          } else {
            expect([200, 302, 404, 500, 503]).toContain(status);
            // The handler sends what the service decided (TrackingService makes it a URL), or answers 500.
            if (status === 302)
              expect('answer' in next && next.answer.kind === 'redirect' && headers.location !== undefined).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
    behaviour = { answer: { kind: 'pixel' } };
    expect((await send('GET', '/t/o/abc')).status).toBe(200);
  });
});
