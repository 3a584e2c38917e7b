import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { RedisProtocolError, RedisReplyReader, bulkStrings, redisCommand } from './redis-protocol';

interface PendingEntry {
  fields: string[];
  done: (queued: boolean) => void;
}

/** A command of the connection's own set-up (AUTH, SELECT): refused, the connection is of no use. */
interface SetupStep {
  setup: string;
}

type AwaitedReply = PendingEntry | SetupStep;

/** Opens a connection to the Redis server a `redis:` or `rediss:` URL names. */
export type RedisConnector = (url: URL) => Socket;

export const connectToRedis: RedisConnector = (url) => {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = Number(url.port || 6379);
  return url.protocol === 'rediss:'
    ? connectTls({ host, port, servername: isIP(host) ? undefined : host })
    : connectTcp({ host, port });
};

// One write to the socket carries at most this many entries; past it a turn's entries go in several.
const MAX_BATCH = 1_000;
// As ioredis's default: a server that does not accept the connection by then is down for this turn.
const CONNECT_TIMEOUT_MS = 10_000;
// How long a shutdown waits for Redis to take what was already sent.
const CLOSE_WAIT_MS = 2_000;

/**
 * Appends tracking events to the Redis stream over a connection of its own, one write per turn of
 * the event loop: under load each HTTP request arrives in an I/O callback of its own, and an XADD of
 * its own per request was a socket write each. The XADDs are written in RESP directly (see
 * redis-protocol.ts): through ioredis each cost a command object, a promise and a parsed reply.
 * Each caller still learns whether Redis took its own entry, and answers only after that, so a
 * request answered is an event queued. While Redis is unreachable every entry is answered false at
 * once; the next turn with entries connects again.
 */
export class TrackingStreamWriter {
  private pending: PendingEntry[] = [];
  private scheduled = false;
  private readonly url: URL;
  private readonly setup: string[][];
  // `XADD <key> *` as bulk strings, the same for every entry.
  private readonly xaddHead: string;
  private socket: Socket | null = null;
  private reader = new RedisReplyReader();
  /** What was written on the current connection and not answered yet, in order. */
  private awaiting: AwaitedReply[] = [];
  private closed = false;
  private onIdle: (() => void) | null = null;

  constructor(
    redisUrl: string,
    key: string,
    private readonly onError: (error: unknown, entries: number) => void,
    private readonly connect: RedisConnector = connectToRedis,
  ) {
    this.url = new URL(redisUrl);
    this.setup = setupCommands(this.url);
    this.xaddHead = bulkStrings(['XADD', key, '*']);
  }

  /** Resolves to true once Redis has the entry, false if it could not be queued; never rejects. */
  append(fields: string[]): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((done) => {
      this.pending.push({ fields, done });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // After the poll phase: every request read in this turn has queued its entry by then.
        setImmediate(this.flushScheduled);
      }
    });
  }

  /**
   * Sends what is pending and waits (at most CLOSE_WAIT_MS) for Redis to answer everything sent,
   * then closes the connection; later entries are answered false. For after the HTTP server stopped.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    const socket = this.socket;
    if (!socket) return;
    if (this.awaiting.length > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_WAIT_MS);
        this.onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.drop(socket, new Error('tracking stream writer closed'));
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let socket: Socket;
    try {
      socket = this.socket ?? this.open();
    } catch (error) {
      for (const entry of batch) entry.done(false);
      this.onError(error, batch.length);
      return;
    }
    let commands = '';
    for (const entry of batch) {
      commands += `*${3 + entry.fields.length}\r\n${this.xaddHead}${bulkStrings(entry.fields)}`;
      this.awaiting.push(entry);
    }
    socket.write(commands);
  }

  /** A new connection, with AUTH and SELECT (as the URL asks) written ahead of the first entries. */
  private open(): Socket {
    const socket = this.connect(this.url);
    this.socket = socket;
    this.reader = new RedisReplyReader();
    socket.setNoDelay(true);
    const timer = setTimeout(
      () => this.drop(socket, new Error(`Redis did not accept a connection within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );
    timer.unref();
    socket.once(this.url.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => clearTimeout(timer));
    socket.on('data', (chunk: Buffer) => this.read(socket, chunk));
    socket.on('error', (error) => this.drop(socket, error));
    socket.on('end', () => this.drop(socket, new Error('Redis closed the connection')));
    socket.on('close', () => {
      clearTimeout(timer);
      this.drop(socket, new Error('Redis connection closed'));
    });
    for (const args of this.setup) {
      socket.write(redisCommand(args));
      this.awaiting.push({ setup: args[0]! });
    }
    return socket;
  }

  private read(socket: Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    let failed = 0;
    let firstError: Error | undefined;
    let unusable: Error | undefined;
    try {
      this.reader.read(chunk, (error) => {
        const awaited = this.awaiting.shift();
        if (awaited === undefined) throw new RedisProtocolError('a Redis reply to nothing sent');
        if ('setup' in awaited) {
          // Whatever Redis answers to the entries behind a refused AUTH or SELECT, they went to no
          // stream or to another database's: the connection is dropped and they count as not queued.
          if (error !== null) throw new Error(`Redis refused ${awaited.setup}: ${error}`);
          return;
        }
        if (error !== null) {
          failed++;
          firstError ??= new Error(error);
        }
        awaited.done(error === null);
      });
    } catch (error) {
      unusable = error as Error;
    }
    if (failed > 0) this.onError(firstError, failed);
    if (unusable) this.drop(socket, unusable);
    else if (this.awaiting.length === 0) this.onIdle?.();
  }

  /** Ends a connection once: everything it still awaits is answered false and reported. */
  private drop(socket: Socket, error: Error): void {
    if (socket !== this.socket) return;
    this.socket = null;
    socket.destroy();
    const lost = this.awaiting;
    this.awaiting = [];
    let entries = 0;
    for (const awaited of lost) {
      if ('done' in awaited) {
        entries++;
        awaited.done(false);
      }
    }
    if (entries > 0) this.onError(error, entries);
    this.onIdle?.();
  }
}

/** AUTH and SELECT as the URL asks, as ioredis does: `redis://[user]:password@host:port/db`. */
function setupCommands(url: URL): string[][] {
  const commands: string[][] = [];
  const password = decodeURIComponent(url.password);
  const username = decodeURIComponent(url.username);
  if (password) commands.push(username ? ['AUTH', username, password] : ['AUTH', password]);
  const db = /^\/(\d+)$/.exec(url.pathname)?.[1];
  if (db !== undefined && Number(db) !== 0) commands.push(['SELECT', db]);
  return commands;
}
