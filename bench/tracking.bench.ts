// `npm run bench -- tracking [seconds] [connections]`
// Opens and clicks against the real API (its own process) with a load generator on loopback, beside
// a bare Node HTTP server answering the same pixel: requests per second, p99 latency and the ratio.
// Then waits for the worker to store the events and checks that every request became one event.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase } from '@herald/db/testing';
import { signTrackingToken } from '@herald/templating';
import { freePort, ratio, requireBuild, secrets, startChild, type Child } from './support';

const DESTINATIONS = 10_000;

const BARE_SERVER = `
const http = require('node:http');
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
http.createServer((req, res) => {
  if (req.url.startsWith('/t/c/')) { res.writeHead(302, { location: 'https://example.com/', 'cache-control': 'no-store' }); res.end(); return; }
  res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }); res.end(pixel);
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare ready'));
`;

interface LoadResult {
  /** Answered (2xx or 3xx) within the run. */
  requests: number;
  /** Sent, including those still unanswered when the run stopped. */
  sent: number;
  rps: number;
  p99: number;
  non2xx3xx: number;
}

async function load(url: string, paths: string[], seconds: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: paths.map((path) => ({ method: 'GET' as const, path, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36' } })),
  });
  const ok = result['2xx'] + result['3xx'];
  const failures = result.errors + result.timeouts;
  if (process.env.HERALD_BENCH_VERBOSE) console.log(`  latency p50 ${result.latency.p50} mean ${result.latency.average} max ${result.latency.max}; codes ${JSON.stringify(result.statusCodeStats)} errors ${result.errors} timeouts ${result.timeouts}`);
  return { requests: ok, sent: result.requests.sent, rps: ok / seconds, p99: result.latency.p99, non2xx3xx: failures };
}

export default async function trackingBench(args: string[]): Promise<void> {
  requireBuild('apps/api/dist/main.js', 'apps/worker/dist/main.js');
  const seconds = Number(args[0] ?? 10);
  const connections = Number(args[1] ?? 50);
  const db = await createTestDatabase();
  let api: Child | undefined;
  let worker: Child | undefined;
  let bare: Child | undefined;
  try {
    const env = { ...secrets(), NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: db.url, INBOUND_SMTP_PORT: '0' };
    // A sent mailing with DESTINATIONS destinations and one link, written directly.
    const account = await db.prisma.account.create({ data: { name: 'Bench' } });
    const database = await db.prisma.database.create({ data: { accountId: account.id, name: 'Bench' } });
    const document = await db.prisma.document.create({ data: { accountId: account.id, name: 'Bench', channel: 'EMAIL' } });
    const mailing = await db.prisma.mailing.create({
      data: { accountId: account.id, name: 'Bench', channel: 'EMAIL', documentId: document.id, targetType: 'DATABASE', databaseId: database.id, status: 'SENT' },
    });
    await db.prisma.link.create({ data: { accountId: account.id, mailingId: mailing.id, url: 'https://example.com/', position: 1 } });
    await db.prisma.mailingAggregate.create({ data: { mailingId: mailing.id, accountId: account.id, destinations: DESTINATIONS, sent: DESTINATIONS, dominantNoFeedback: DESTINATIONS } });
    await db.prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", email, "updatedAt") SELECT ${account.id}, ${database.id}, 'p' || i || '@example.test', now() FROM generate_series(1, ${DESTINATIONS}) i`;
    await db.prisma.$executeRaw`
      INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "sentAt", "updatedAt")
      SELECT ${account.id}, ${mailing.id}, p.id, p.id, p.email, 'SENT', now() - interval '1 hour', now() FROM "Profile" p WHERE p."databaseId" = ${database.id}`;
    const ids = (await db.prisma.destination.findMany({ where: { mailingId: mailing.id }, select: { id: true } })).map((d) => d.id.toString());
    const paths = ids.flatMap((id) => [
      `/t/o/${signTrackingToken({ kind: 'open', destinationId: `${mailing.id}.${id}` }, env.TRACKING_SECRET)}`,
      `/t/c/${signTrackingToken({ kind: 'click', destinationId: `${mailing.id}.${id}`, linkPosition: 1 }, env.TRACKING_SECRET)}`,
    ]);

    const barePort = await freePort();
    const bareScript = join(tmpdir(), `herald-bare-${process.pid}.js`);
    writeFileSync(bareScript, BARE_SERVER);
    bare = await startChild(bareScript, { PORT: String(barePort) }, /bare ready/);
    const apiPort = await freePort();
    api = await startChild('apps/api/dist/main.js', { ...env, API_PORT: String(apiPort) }, /Herald API listening/);

    if (process.env.HERALD_BENCH_VERBOSE) {
      for (const path of [paths[0]!, paths[1]!]) {
        const times: number[] = [];
        for (let i = 0; i < 50; i++) {
          const t = performance.now();
          const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, { redirect: 'manual' });
          await res.arrayBuffer();
          times.push(performance.now() - t);
        }
        times.sort((x, y) => x - y);
        console.log(`  sequential ${path.slice(0, 5)}: median ${times[25]!.toFixed(1)} ms, max ${times[49]!.toFixed(1)} ms`);
      }
    }
    console.log(`tracking benchmark: ${seconds} s per run, ${connections} connections, opens and clicks over ${DESTINATIONS} destinations`);
    await load(`http://127.0.0.1:${barePort}`, paths, 2, connections); // warm-up
    const baseline = await load(`http://127.0.0.1:${barePort}`, paths, seconds, connections);
    console.log(`bare Node HTTP server: ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms`);
    const herald = await load(`http://127.0.0.1:${apiPort}`, paths, seconds, connections);
    console.log(`Herald API /t/o and /t/c: ${herald.rps.toFixed(0)} req/s, p99 ${herald.p99} ms, errors ${herald.non2xx3xx}`);
    console.log(`ratio Herald/bare = ${ratio(herald.rps, baseline.rps)} (target ≥ 0.5; target ≥ 5000 req/s)`);

    // The worker stores what the API queued: every answered request must become exactly one event.
    worker = await startChild('apps/worker/dist/main.js', env, /Herald worker ready/);
    const started = performance.now();
    let stored = 0;
    for (let last = -1; ; ) {
      stored = await db.prisma.event.count({ where: { mailingId: mailing.id } });
      if (stored >= herald.sent || (stored === last && performance.now() - started > 10_000)) break;
      last = stored;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    // Requests still in flight when the load generator stopped were answered after it stopped counting.
    const exact = stored >= herald.requests && stored <= herald.sent;
    console.log(
      `stored events: ${stored}; requests answered within the run ${herald.requests}, sent ${herald.sent} ` +
        `(${exact ? 'one event per request, none twice' : 'MISMATCH'}); ingested in ${ingestSeconds.toFixed(1)} s (${(stored / ingestSeconds).toFixed(0)} events/s)`,
    );
    console.log(`API peak RSS: ${api.peakRssMiB()} MiB`);
  } finally {
    await worker?.stop();
    await api?.stop();
    await bare?.stop();
    await db.drop();
  }
}
