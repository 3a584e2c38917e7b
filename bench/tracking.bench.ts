// `npm run bench -- tracking [seconds=10] [connections=50]`
// Opens and clicks against the real API (its own process) with a load generator on loopback, beside
// a bare Node HTTP server answering the same pixel: requests per second, p99 latency and the ratio,
// and the CPU each process spent per request (comparable on a busy machine where rates are not).
// Then waits for the worker to store the events and checks that every answered request became one
// event: "lost" counts answers (200/302) without a stored event, and must be 0.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase } from '@herald/db/testing';
import { signTrackingToken } from '@herald/templating';
import { cpuSecondsOf, freePort, ratio, requireBuild, secrets, startChild, type Child } from './support';

const DESTINATIONS = 10_000;
/** Destinations whose opens and clicks the load generator sends (two paths each). */
const LOAD_DESTINATIONS = 250;

/** The local redis-server, whose CPU per request is part of the tracking endpoints' cost (shared with anything else using it). */
function redisServerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'redis-server') return Number(entry);
    } catch {
      // gone between the listing and the read
    }
  }
  return undefined;
}

/** CPU seconds that `pids` spend while `run` runs. */
async function cpuDuring<T>(
  pids: Array<number | 'self' | undefined>,
  run: () => Promise<T>,
): Promise<{ result: T; cpu: number[] }> {
  const read = (): number[] => pids.map((pid) => (pid === undefined ? NaN : cpuSecondsOf(pid)));
  const before = read();
  const result = await run();
  return { result, cpu: read().map((after, i) => after - before[i]!) };
}

const perRequest = (cpuSeconds: number, requests: number): string =>
  `${((cpuSeconds * 1e6) / Math.max(1, requests)).toFixed(1)} µs`;

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
    requests: paths.map((path) => ({
      method: 'GET' as const,
      path,
      headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36' },
    })),
  });
  const ok = result['2xx'] + result['3xx'];
  const failures = result.errors + result.timeouts;
  if (process.env.HERALD_BENCH_VERBOSE)
    console.log(
      `  latency p50 ${result.latency.p50} mean ${result.latency.average} max ${result.latency.max}; codes ${JSON.stringify(result.statusCodeStats)} errors ${result.errors} timeouts ${result.timeouts}`,
    );
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
    const env = {
      ...secrets(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      INBOUND_SMTP_PORT: '0',
    };
    // A sent mailing with DESTINATIONS destinations and one link, written directly.
    const account = await db.prisma.account.create({ data: { name: 'Bench' } });
    const database = await db.prisma.database.create({ data: { accountId: account.id, name: 'Bench' } });
    const document = await db.prisma.document.create({
      data: { accountId: account.id, name: 'Bench', channel: 'EMAIL' },
    });
    const mailing = await db.prisma.mailing.create({
      data: {
        accountId: account.id,
        name: 'Bench',
        channel: 'EMAIL',
        documentId: document.id,
        targetType: 'DATABASE',
        databaseId: database.id,
        status: 'SENT',
      },
    });
    await db.prisma.link.create({
      data: { accountId: account.id, mailingId: mailing.id, url: 'https://example.com/', position: 1 },
    });
    await db.prisma.mailingAggregate.create({
      data: {
        mailingId: mailing.id,
        accountId: account.id,
        destinations: DESTINATIONS,
        sent: DESTINATIONS,
        dominantNoFeedback: DESTINATIONS,
      },
    });
    await db.prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", email, "updatedAt") SELECT ${account.id}, ${database.id}, 'p' || i || '@example.test', now() FROM generate_series(1, ${DESTINATIONS}) i`;
    await db.prisma.$executeRaw`
      INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "sentAt", "updatedAt")
      SELECT ${account.id}, ${mailing.id}, p.id, p.id, p.email, 'SENT', now() - interval '1 hour', now() FROM "Profile" p WHERE p."databaseId" = ${database.id}`;
    const ids = (await db.prisma.destination.findMany({ where: { mailingId: mailing.id }, select: { id: true } })).map(
      (d) => d.id.toString(),
    );
    // autocannon builds every request of its list once per connection before it starts: 20,000 paths
    // × 50 connections took most of a short run's time and CPU in the load generator. A few hundred
    // destinations' opens and clicks, the same for both servers, keep the list cheap; every request
    // is still a signed token verified and an event stored.
    const loadIds = ids.filter((_, i) => i % Math.ceil(ids.length / LOAD_DESTINATIONS) === 0);
    const paths = loadIds.flatMap((id) => [
      `/t/o/${signTrackingToken({ kind: 'open', destinationId: `${mailing.id}.${id}` }, env.TRACKING_SECRET)}`,
      `/t/c/${signTrackingToken({ kind: 'click', destinationId: `${mailing.id}.${id}`, linkPosition: 1 }, env.TRACKING_SECRET)}`,
    ]);

    const barePort = await freePort();
    const bareScript = join(tmpdir(), `herald-bare-${process.pid}.js`);
    writeFileSync(bareScript, BARE_SERVER);
    bare = await startChild(bareScript, { PORT: String(barePort) }, /bare ready/);
    const apiPort = await freePort();
    api = await startChild('apps/api/dist/main.js', { ...env, API_PORT: String(apiPort) }, /Herald API listening/);

    let sequential = 0; // requests outside the load runs, which also become events
    if (process.env.HERALD_BENCH_VERBOSE) {
      for (const path of [paths[0]!, paths[1]!]) {
        const times: number[] = [];
        for (let i = 0; i < 50; i++) {
          const t = performance.now();
          const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, { redirect: 'manual' });
          await res.arrayBuffer();
          sequential++;
          times.push(performance.now() - t);
        }
        times.sort((x, y) => x - y);
        console.log(
          `  sequential ${path.slice(0, 5)}: median ${times[25]!.toFixed(1)} ms, max ${times[49]!.toFixed(1)} ms`,
        );
      }
    }
    console.log(
      `tracking benchmark: ${seconds} s per run, ${connections} connections, opens and clicks of ${loadIds.length} of ${DESTINATIONS} destinations`,
    );
    await load(`http://127.0.0.1:${barePort}`, paths, 2, connections); // warm-up
    const redis = redisServerPid();
    const bareRun = await cpuDuring([bare.process.pid, 'self'], () =>
      load(`http://127.0.0.1:${barePort}`, paths, seconds, connections),
    );
    const baseline = bareRun.result;
    console.log(
      `bare Node HTTP server: ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms; CPU per request: server ${perRequest(bareRun.cpu[0]!, baseline.requests)}, load generator ${perRequest(bareRun.cpu[1]!, baseline.requests)}`,
    );
    const heraldRun = await cpuDuring([api.process.pid, redis, 'self'], () =>
      load(`http://127.0.0.1:${apiPort}`, paths, seconds, connections),
    );
    const herald = heraldRun.result;
    console.log(
      `Herald API /t/o and /t/c: ${herald.rps.toFixed(0)} req/s, p99 ${herald.p99} ms, errors ${herald.non2xx3xx}; CPU per request: API ${perRequest(heraldRun.cpu[0]!, herald.requests)}, ` +
        `redis-server ${perRequest(heraldRun.cpu[1]!, herald.requests)} (shared with others), load generator ${perRequest(heraldRun.cpu[2]!, herald.requests)}`,
    );
    console.log(`ratio Herald/bare = ${ratio(herald.rps, baseline.rps)} (target ≥ 0.5; target ≥ 5000 req/s)`);

    // The worker stores what the API queued: every answered request must become exactly one event.
    worker = await startChild('apps/worker/dist/main.js', env, /Herald worker ready/);
    const started = performance.now();
    let stored = 0;
    for (let last = -1; ;) {
      stored = await db.prisma.event.count({ where: { mailingId: mailing.id } });
      if (stored >= herald.sent + sequential || (stored === last && performance.now() - started > 10_000)) break;
      last = stored;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    // Requests still in flight when the load generator stopped were answered after it stopped counting,
    // so an answered request without its event is lost, and more events than requests sent are doubles.
    const fromLoad = stored - sequential;
    const lost = Math.max(0, herald.requests - fromLoad);
    const doubled = Math.max(0, fromLoad - herald.sent);
    console.log(
      `stored events: ${fromLoad} (+${sequential} sequential); requests answered 200/302 within the run ${herald.requests}, sent ${herald.sent}; ` +
        `lost: ${lost}, doubled: ${doubled}${lost || doubled ? ' (MISMATCH)' : ''}; ingested in ${ingestSeconds.toFixed(1)} s (${(stored / ingestSeconds).toFixed(0)} events/s)`,
    );
    console.log(`API peak RSS: ${api.peakRssMiB()} MiB`);
  } finally {
    await worker?.stop();
    await api?.stop();
    await bare?.stop();
    await db.drop();
  }
}
