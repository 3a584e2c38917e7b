import { appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@herald/db';
import { formatTrackedDestination } from '@herald/queue';
import { DOMINANT_ORDER, dominantCounterOf } from '@herald/statistics';
import { signTrackingToken } from '@herald/templating';
import { acknowledgeWarnings, startE2eStack, type E2eStack } from '../support/e2e';
import { createAccount, createUser } from '../support/factories';

/**
 * The stack of a fault spec: the API in process, a catcher that keeps nothing but counts, no worker (the
 * spec runs its own as processes) and no user (each fault mailing brings its own account and user).
 */
export function startFaultStack(config: Record<string, string> = {}): Promise<E2eStack> {
  return startE2eStack({ catcher: { keep: 'none' }, worker: false, role: false, config });
}

/** A small client for an API that may be in this process or a child process. */
export function apiClient(url: string) {
  const request = async <T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    url,
    request,
    async login(email: string, password: string): Promise<string> {
      const res = await request<{ token: string }>('POST', '/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

export interface FaultMailing {
  mailingId: number;
  accountId: number;
  token: string;
  recipients: number;
}

/**
 * A mailing to `recipients` profiles, created over the API but not yet sent. `maxPerMinute` paces it
 * so that a fault lands in the middle of the send rather than after it.
 */
export async function createFaultMailing(
  prisma: PrismaClient,
  api: ApiClient,
  options: { recipients: number; maxPerMinute?: number },
): Promise<FaultMailing> {
  const accountId = (await createAccount(prisma)).id;
  const user = await createUser(prisma, accountId, 'MARKETER');
  const token = await api.login(user.email, user.password);
  const database = await prisma.database.create({ data: { accountId, name: 'Fault' } });
  await prisma.$executeRaw`
    INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt")
    SELECT ${accountId}, ${database.id}, 'r' || i || '@example.test', jsonb_build_object('n', i), now() FROM generate_series(1, ${options.recipients}) AS i`;
  const document = await api.request<{ id: number }>('POST', '/documents', {
    token,
    body: {
      name: 'Fault',
      fromAddress: 'news@herald.example',
      subject: 'Number {{ n }}',
      html: '<p>Hello {{ n }}</p><a href="https://example.com/">x</a>',
    },
  });
  const settings = options.maxPerMinute ? { maxPerMinute: options.maxPerMinute } : {};
  const mailing = await api.request<{ id: number }>('POST', '/mailings', {
    token,
    body: { name: 'Fault', documentId: document.body.id, targetType: 'DATABASE', databaseId: database.id, settings },
  });
  if (mailing.status !== 201) throw new Error(`mailing not created: ${mailing.status} ${JSON.stringify(mailing.body)}`);
  return { mailingId: mailing.body.id, accountId, token, recipients: options.recipients };
}

export async function sendMailing(api: ApiClient, mailing: FaultMailing): Promise<void> {
  await acknowledgeWarnings(api, mailing.token, mailing.mailingId);
  const res = await api.request('POST', `/mailings/${mailing.mailingId}/send`, { token: mailing.token });
  if (res.status >= 300) throw new Error(`send refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Destinations that ended (sent or failed), read again while the database may be restarting. */
export async function recordedCount(prisma: PrismaClient, mailingId: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.destination.count({ where: { mailingId, status: { in: ['SENT', 'FAILED'] } } });
    } catch (error) {
      if (attempt > 50) throw error;
      await sleep(200);
    }
  }
}

export async function waitForMailingSent(prisma: PrismaClient, mailingId: number, timeoutMs: number): Promise<void> {
  for (const until = Date.now() + timeoutMs; ;) {
    let status = 'unknown';
    try {
      status = (await prisma.mailing.findUniqueOrThrow({ where: { id: mailingId }, select: { status: true } })).status;
    } catch {
      // the database may be on its way back
    }
    if (status === 'SENT') return;
    if (Date.now() > until) {
      const pending = await prisma.destination.count({ where: { mailingId, status: 'PENDING' } }).catch(() => -1);
      throw new Error(
        `mailing ${mailingId} still ${status} after ${timeoutMs} ms with ${pending} destinations pending`,
      );
    }
    await sleep(500);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The moment of a fault: what the sink had accepted against what Herald had recorded. */
export async function inFlightAt(prisma: PrismaClient, mailingId: number, accepted: () => number): Promise<number> {
  await sleep(300); // let the sink finish what was already on the wire
  return Math.max(0, accepted() - (await recordedCount(prisma, mailingId)));
}

export interface FaultOutcome {
  fault: string;
  sent: number;
  failed: number;
  /** Destinations not ended, or recorded as sent but never received, or received but recorded failed. */
  lost: number;
  /** Extra copies received beyond the first, over all recipients. */
  duplicated: number;
  inFlight: number;
  eventsAnswered: number;
  eventsLost: number;
  /** What the report's aggregates say that the destinations and events do not. */
  reportMismatches: string[];
}

/**
 * Checks a finished mailing against what the SMTP sink received: every destination ended once,
 * sent ones were received, and the aggregates agree with the destinations and stored events.
 */
export async function faultOutcome(
  prisma: PrismaClient,
  input: {
    fault: string;
    mailingId: number;
    received: ReadonlyMap<string, number>;
    inFlight: number;
    opens?: OpenLoadResult;
  },
): Promise<FaultOutcome> {
  const destinations = await prisma.destination.findMany({
    where: { mailingId: input.mailingId },
    select: { id: true, address: true, status: true },
  });
  let sent = 0;
  let failed = 0;
  let lost = 0;
  for (const d of destinations) {
    const copies = input.received.get(d.address) ?? 0;
    if (d.status === 'SENT') sent++;
    else if (d.status === 'FAILED') failed++;
    if (d.status === 'PENDING' || (d.status === 'SENT' && copies === 0) || (d.status === 'FAILED' && copies > 0))
      lost++;
  }
  let duplicated = 0;
  for (const copies of input.received.values()) duplicated += Math.max(0, copies - 1);

  const stored = new Map<string, number>();
  const events = await prisma.event.groupBy({
    by: ['destinationId', 'type'],
    where: { mailingId: input.mailingId, type: { in: ['IMPRESSION', 'CLICK'] } },
    _count: { _all: true },
  });
  for (const e of events) stored.set(`${e.type}:${e.destinationId}`, e._count._all);
  let eventsLost = 0;
  for (const [key, answered] of input.opens?.answeredByDestination ?? [])
    eventsLost += Math.max(0, answered - (stored.get(key) ?? 0));

  const aggregate = await prisma.mailingAggregate.findUnique({ where: { mailingId: input.mailingId } });
  const mismatches: string[] = [];
  const expect = (name: string, actual: number | undefined, wanted: number): void => {
    if (actual !== wanted) mismatches.push(`${name} ${actual} ≠ ${wanted}`);
  };
  const total = (type: string): number =>
    events.filter((e) => e.type === type).reduce((sum, e) => sum + e._count._all, 0);
  const impressions = total('IMPRESSION');
  // Unique counts are of people (machine opens count in the totals only), and a click implies an open.
  const human = await prisma.event.groupBy({
    by: ['destinationId'],
    where: { mailingId: input.mailingId, type: { in: ['IMPRESSION', 'CLICK'] }, machine: false },
  });
  const machine = await prisma.event.count({
    where: { mailingId: input.mailingId, type: 'IMPRESSION', machine: true },
  });
  expect('destinations', aggregate?.destinations, destinations.length);
  expect('sent', aggregate?.sent, sent);
  expect('failed', aggregate?.failed, failed);
  expect('impressionsTotal', aggregate?.impressionsTotal, impressions);
  expect('impressionsMachine', aggregate?.impressionsMachine, machine);
  expect('impressionsUnique', aggregate?.impressionsUnique, human.length);
  expect('clicksTotal', aggregate?.clicksTotal, total('CLICK'));
  if (aggregate) {
    const dominant = DOMINANT_ORDER.reduce((sum, result) => sum + aggregate[dominantCounterOf(result)], 0);
    expect('dominant results', dominant, destinations.length - aggregate.suppressed);
  }
  const outcome: FaultOutcome = {
    fault: input.fault,
    sent,
    failed,
    lost,
    duplicated,
    inFlight: input.inFlight,
    eventsAnswered: input.opens?.answered ?? 0,
    eventsLost,
    reportMismatches: mismatches,
  };
  recordFaultRow(outcome);
  return outcome;
}

export interface OpenLoadResult {
  /** Opens the API answered with 200 and clicks it answered with 302: each must be stored. */
  answered: number;
  /** By `IMPRESSION:<destination id>` and `CLICK:<destination id>`. */
  answeredByDestination: Map<string, number>;
  /** Answered otherwise (503) or with a connection error: the client saw the failure. */
  refused: number;
}

/**
 * Recipients opening the mailing (and with `clicks`, clicking its first link too) while it is being
 * sent: requests tracking URLs of destinations already sent, `concurrency` at a time, until `stop()`;
 * counts what the API answered.
 */
export function startOpenLoad(
  prisma: PrismaClient,
  options: { apiUrl: () => string; mailingId: number; secret: string; concurrency?: number; clicks?: boolean },
) {
  const result: OpenLoadResult = { answered: 0, answeredByDestination: new Map(), refused: 0 };
  let running = true;
  let pool: string[] = [];
  const refill = async (): Promise<void> => {
    try {
      const rows = await prisma.destination.findMany({
        where: { mailingId: options.mailingId, status: 'SENT' },
        select: { id: true },
        take: 500,
        orderBy: { id: 'desc' },
      });
      pool = rows.map((r) => r.id.toString());
    } catch {
      // the database may be restarting: keep the old pool
    }
  };
  const lane = async (): Promise<void> => {
    while (running) {
      if (pool.length === 0) {
        await refill();
        if (pool.length === 0) await sleep(200);
        continue;
      }
      const destinationId = pool[Math.floor(Math.random() * pool.length)]!;
      const click = options.clicks === true && Math.random() < 0.5;
      const tracked = formatTrackedDestination(options.mailingId, destinationId);
      const token = signTrackingToken(
        click ? { kind: 'click', destinationId: tracked, linkPosition: 1 } : { kind: 'open', destinationId: tracked },
        options.secret,
      );
      try {
        const res = await fetch(`${options.apiUrl()}/t/${click ? 'c' : 'o'}/${token}`, {
          signal: AbortSignal.timeout(5_000),
          redirect: 'manual',
        });
        await res.arrayBuffer();
        if (res.status === (click ? 302 : 200)) {
          const key = `${click ? 'CLICK' : 'IMPRESSION'}:${destinationId}`;
          result.answered++;
          result.answeredByDestination.set(key, (result.answeredByDestination.get(key) ?? 0) + 1);
        } else result.refused++;
      } catch {
        result.refused++;
        await sleep(50);
      }
    }
  };
  const refresher = (async () => {
    while (running) {
      await sleep(1_000);
      await refill();
    }
  })();
  const lanes = Array.from({ length: options.concurrency ?? 4 }, lane);
  return {
    result,
    async stop(): Promise<OpenLoadResult> {
      running = false;
      await Promise.all([...lanes, refresher]);
      return result;
    },
  };
}

/** Waits until the worker has stored at least `answered` opens and clicks of the mailing (or the time is up). */
export async function waitForEvents(
  prisma: PrismaClient,
  mailingId: number,
  answered: number,
  timeoutMs = 60_000,
): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    const stored = await prisma.event.count({ where: { mailingId, type: { in: ['IMPRESSION', 'CLICK'] } } });
    if (stored >= answered) return;
    await sleep(500);
  }
}

// Rows of this run's fault table, shared by the fault test files of one vitest run (their parent
// process), so the last file to finish prints the whole table.
const TABLE_FILE = join(tmpdir(), `herald-fault-table-${process.ppid}.jsonl`);

function recordFaultRow(outcome: FaultOutcome): void {
  appendFileSync(TABLE_FILE, JSON.stringify(outcome) + '\n');
}

export function printFaultTable(): void {
  let rows: FaultOutcome[] = [];
  try {
    rows = readFileSync(TABLE_FILE, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FaultOutcome);
  } catch {
    return;
  }
  const header = [
    'fault',
    'messages sent',
    'failed',
    'lost (must be 0)',
    'duplicated (≤ in flight)',
    'in flight at the fault',
    'events answered',
    'events lost (must be 0)',
    'report',
  ];
  const body = rows.map((r) =>
    [
      r.fault,
      r.sent,
      r.failed,
      r.lost,
      r.duplicated,
      r.inFlight,
      r.eventsAnswered,
      r.eventsLost,
      r.reportMismatches.length === 0 ? 'consistent' : r.reportMismatches.join('; '),
    ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    ['Fault table (this run so far):', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join(
      '\n',
    ),
  );
}
