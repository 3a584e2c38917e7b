import type { Logger } from '@nestjs/common';

/**
 * How long a send job waits for PostgreSQL before it gives up and fails into BullMQ's attempts: well
 * above a restart or a fail-over (seconds to a minute), short enough that a database gone for good
 * shows up as failed jobs.
 */
export const DATABASE_OUTAGE_WAIT_MS = 10 * 60_000;

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/** The pause before the `attempt`-th retry (from 1) during a database outage: doubling from 100 ms, capped at 5 s. */
export function outageDelayMs(attempt: number): number {
  return Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 16));
}

// Socket errors of pg, and SQLSTATEs that mean "not now" rather than "not this": connection
// exceptions (class 08), an administrator's or a crash's shutdown, a server starting up, no free
// connection. Prisma's own codes: server unreachable, timed out, closed, pool exhausted.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
]);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Can't reach database server|Server has closed the connection|Timed out fetching a new connection|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i;

const isCode = (code: unknown): boolean =>
  typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'));

/**
 * Whether an error from pg or Prisma means the database cannot be reached right now (down,
 * restarting, connection lost), so the same statement may succeed later, as opposed to an error in
 * the statement or the data, which a retry would only repeat.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
    };
    if (isCode(e.code)) return true;
    const adapter = e.meta?.driverAdapterError?.cause;
    if (adapter && (UNAVAILABLE_ADAPTER_KINDS.has(String(adapter.kind)) || isCode(adapter.originalCode))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a database operation, retrying it with capped back-off while the database is unavailable, for
 * at most `waitMs`; any other error, or the outage outlasting the wait, is thrown. Logs when the wait
 * starts, every half minute of it, and when it ends.
 */
export async function whileDatabaseUnavailable<T>(
  operation: () => Promise<T>,
  what: string,
  logger: Logger,
  waitMs = DATABASE_OUTAGE_WAIT_MS,
): Promise<T> {
  const started = Date.now();
  let loggedAt = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await operation();
      if (attempt > 1) logger.log(`Database reachable again after ${Date.now() - started} ms (${what})`);
      return result;
    } catch (error) {
      const waited = Date.now() - started;
      if (!isDatabaseUnavailable(error) || waited >= waitMs) throw error;
      if (attempt === 1 || Date.now() - loggedAt >= 30_000) {
        loggedAt = Date.now();
        logger.warn(
          `Database unavailable while ${what}, waiting up to ${Math.round((waitMs - waited) / 1000)} s: ${(error as Error).message.trim().split('\n').pop()}`,
        );
      }
      await sleep(outageDelayMs(attempt));
    }
  }
}
