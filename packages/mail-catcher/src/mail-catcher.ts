import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { DomainError } from '@herald/domain';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { MAX_HEADER_BYTES, headerBlockEnd, parseHeaderBlock } from './header-block';
import { ReplyRules, SmtpReply, type ReplyRule } from './reply-rule';
import { startWebUi, type WebUi } from './web-ui';

/** What the catcher keeps of each accepted message: everything, the header block only, or nothing but counts. */
export type KeepMode = 'all' | 'headers' | 'none';

export interface MailCatcherOptions {
  /** 0 picks a free port; read it back from `MailCatcher.smtpPort`. */
  smtpPort: number;
  /** Loopback by default: a sink that accepts anything must not be reachable from the network by accident. */
  smtpHost?: string;
  /** Serve the web UI and JSON API here (0 = a free port); leave out in tests that only need SMTP. */
  httpPort?: number;
  keep?: KeepMode;
  /** How many messages to keep; the oldest go first. */
  maxKept?: number;
  replies?: ReplyRule[];
  /** Largest message accepted, in bytes; larger ones get 552. */
  maxMessageBytes?: number;
  /** Called for each accepted message, after it is kept: a simulator behind the catcher (a fax gateway) answers it. */
  onMessage?: (id: string, envelope: MessageEnvelope) => void;
}

export interface MessageEnvelope {
  /** MAIL FROM (the return path); empty for a null sender `<>`. */
  from: string;
  /** Accepted RCPT TO addresses, as the client sent them. */
  to: string[];
}

export interface CaughtMessage {
  id: string;
  envelope: MessageEnvelope;
  /** The name the client greeted with (EHLO or HELO). */
  greeting: string;
  receivedAt: Date;
  /** Header names in lower case, values decoded (RFC 2047); repeated headers one value per line. */
  headers: Record<string, string>;
  subject: string;
  /** Size of the message as received, in bytes. */
  size: number;
  /** The whole source; only with keep 'all'. */
  raw?: string;
}

export interface CaughtAttachment {
  filename?: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface ParsedMessage {
  html?: string;
  text?: string;
  headers: Record<string, string>;
  attachments: CaughtAttachment[];
}

export interface CaughtCount {
  messages: number;
  /** Accepted recipients over all messages (a message to three addresses counts three). */
  recipients: number;
}

export interface MailCatcher {
  readonly smtpPort: number;
  readonly httpPort?: number;
  readonly keep: KeepMode;
  /** The kept messages, oldest first (at most `maxKept`; none with keep 'none'). */
  messages(): CaughtMessage[];
  message(id: string): CaughtMessage | undefined;
  /** A full MIME parse of one kept message; needs keep 'all'. */
  parsed(id: string): Promise<ParsedMessage>;
  count(): CaughtCount;
  /**
   * How many accepted messages each recipient got since the last `clear()`, with every keep mode: the proof
   * that no recipient got a mailing twice. A live view; `clear()` starts a new one.
   */
  recipientCounts(): ReadonlyMap<string, number>;
  /** Resolves once `n` messages were accepted since the last `clear()`; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  /** Forgets kept messages and counts (reply rules keep their attempt counts). */
  clear(): void;
  close(): Promise<void>;
}

interface StoredMessage {
  id: string;
  envelope: MessageEnvelope;
  greeting: string;
  receivedAt: Date;
  headers: Record<string, string>;
  subject: string;
  size: number;
  raw?: Buffer;
}

interface Waiter {
  n: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_MAX_KEPT = 1000;
const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const DEFAULT_WAIT_MS = 10_000;

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const keep = options.keep ?? 'all';
  const maxKept = options.maxKept ?? DEFAULT_MAX_KEPT;
  const host = options.smtpHost ?? '127.0.0.1';
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  validate(options, keep, maxKept);
  const replyRules = new ReplyRules(options.replies ?? []);

  // A Map keeps arrival order and finds a message by id; deleting its first key makes it a ring buffer.
  const kept = new Map<string, StoredMessage>();
  let perRecipient = new Map<string, number>();
  let messageCount = 0;
  let recipientCount = 0;
  let nextId = 1;
  let waiters: Waiter[] = [];

  const accept = (session: SMTPServerSession, size: number, received: Buffer | undefined): string => {
    const id = String(nextId++);
    const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    messageCount += 1;
    recipientCount += to.length;
    for (const rcpt of to) perRecipient.set(rcpt, (perRecipient.get(rcpt) ?? 0) + 1);
    if (keep !== 'none' && received) {
      const end = headerBlockEnd(received);
      const headers = parseHeaderBlock(received.toString('utf8', 0, end === -1 ? received.length : end));
      kept.set(id, {
        id,
        envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to },
        greeting: session.hostNameAppearsAs,
        receivedAt: new Date(),
        headers,
        subject: headers['subject'] ?? '',
        size,
        raw: keep === 'all' ? received : undefined,
      });
      if (kept.size > maxKept) kept.delete(kept.keys().next().value!);
    }
    if (waiters.length > 0) {
      const ready = waiters.filter((w) => messageCount >= w.n);
      if (ready.length > 0) {
        waiters = waiters.filter((w) => messageCount < w.n);
        for (const waiter of ready) {
          clearTimeout(waiter.timer);
          waiter.resolve();
        }
      }
    }
    return id;
  };

  const onData = (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ): void => {
    const chunks: Buffer[] = [];
    let collected = 0;
    let size = 0;
    // Only keep 'all' holds the body; 'headers' stops collecting at the blank line, 'none' collects nothing.
    let collecting = keep !== 'none';
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!collecting || stream.sizeExceeded) return;
      chunks.push(chunk);
      collected += chunk.length;
      if (
        keep === 'headers' &&
        (collected > MAX_HEADER_BYTES || headerBlockEnd(chunks.length === 1 ? chunk : Buffer.concat(chunks)) !== -1)
      ) {
        collecting = false;
      }
    });
    stream.once('end', () => {
      if (stream.sizeExceeded) {
        callback(new SmtpReply(552, `5.3.4 Message exceeds the size limit of ${maxMessageBytes} bytes`));
        return;
      }
      const received = keep === 'none' ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      // Read before the reply: the session's envelope is reset for the next message once it is sent.
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
      };
      const id = accept(session, size, received);
      callback(null, `2.0.0 Ok: queued as ${id}`);
      options.onMessage?.(id, envelope);
    });
  };

  const smtp = new SMTPServer({
    name: 'herald-mail-catcher',
    banner: 'Herald mail catcher',
    logger: false,
    // A reverse DNS lookup per connection would make the sink, not the sender, the bottleneck of a benchmark.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: maxMessageBytes,
    // close() must not wait for pooled clients to hang up.
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onRcptTo(address, _session, callback) {
      callback(replyRules.replyFor(address.address) ?? null);
    },
    onData,
  });

  // SMTP replies are many small writes; with Nagle's algorithm each pipelined reply waits for the client's
  // delayed ACK (~40 ms on Linux), which caps a pooled connection at a few dozen messages a second.
  smtp.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  await listen(smtp, options.smtpPort, host);
  // After start-up an error is one client's broken connection; a sink shrugs it off.
  smtp.on('error', () => undefined);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const storedMessage = (id: string): StoredMessage | undefined => kept.get(id);
  const toCaught = (m: StoredMessage): CaughtMessage => ({
    id: m.id,
    envelope: { from: m.envelope.from, to: [...m.envelope.to] },
    greeting: m.greeting,
    receivedAt: m.receivedAt,
    headers: { ...m.headers },
    subject: m.subject,
    size: m.size,
    ...(m.raw ? { raw: m.raw.toString('utf8') } : {}),
  });

  let httpPort: number | undefined;
  const catcher: MailCatcher = {
    smtpPort,
    get httpPort() {
      return httpPort;
    },
    keep,
    messages: () => [...kept.values()].map(toCaught),
    message: (id) => {
      const m = storedMessage(id);
      return m && toCaught(m);
    },
    parsed: async (id) => {
      const m = storedMessage(id);
      if (!m) throw DomainError.notFound('Caught message', id);
      if (!m.raw)
        throw DomainError.invalidState(
          `Message ${id} was not kept whole: start the mail catcher with keep 'all' to read its body`,
        );
      return parse(m.raw);
    },
    count: () => ({ messages: messageCount, recipients: recipientCount }),
    recipientCounts: () => perRecipient,
    waitFor: (n, timeoutMs = DEFAULT_WAIT_MS) => {
      if (messageCount >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          n,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters = waiters.filter((w) => w !== waiter);
            reject(new Error(`mail catcher: expected ${n} messages within ${timeoutMs} ms, ${messageCount} arrived`));
          }, timeoutMs),
        };
        waiters.push(waiter);
      });
    },
    clear: () => {
      kept.clear();
      perRecipient = new Map();
      messageCount = 0;
      recipientCount = 0;
    },
    close: async () => {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`mail catcher closed after ${messageCount} of ${waiter.n} messages`));
      }
      waiters = [];
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), webUi?.close()]);
    },
  };

  let webUi: WebUi | undefined;
  if (options.httpPort !== undefined) {
    try {
      webUi = await startWebUi(catcher, { port: options.httpPort, host, smtpPort });
    } catch (error) {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      throw error;
    }
    httpPort = webUi.port;
  }
  return catcher;
}

function validate(options: MailCatcherOptions, keep: KeepMode, maxKept: number): void {
  const issues: { path: string; message: string }[] = [];
  const isPort = (port: number): boolean => Number.isInteger(port) && port >= 0 && port <= 65535;
  if (!isPort(options.smtpPort))
    issues.push({ path: 'smtpPort', message: `${options.smtpPort} is not a port (0–65535)` });
  if (options.httpPort !== undefined && !isPort(options.httpPort))
    issues.push({ path: 'httpPort', message: `${options.httpPort} is not a port (0–65535)` });
  if (!['all', 'headers', 'none'].includes(keep))
    issues.push({ path: 'keep', message: `${String(keep)} is not one of all, headers, none` });
  if (!Number.isInteger(maxKept) || maxKept < 1)
    issues.push({ path: 'maxKept', message: `${maxKept} must be a whole number of at least 1` });
  if (issues.length > 0) throw DomainError.validation('Invalid mail catcher options', issues);
}

async function listen(smtp: SMTPServer, port: number, host: string): Promise<void> {
  const failed = once(smtp, 'error');
  const listening = once(smtp.server, 'listening');
  smtp.listen(port, host);
  await Promise.race([listening, failed.then(([error]) => Promise.reject(error as Error))]);
  // The loser of the race is left pending; swallow its eventual rejection.
  failed.catch(() => undefined);
}

async function parse(raw: Buffer): Promise<ParsedMessage> {
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const end = headerBlockEnd(raw);
  return {
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.text !== undefined ? { text: mail.text } : {}),
    headers: parseHeaderBlock(raw.toString('utf8', 0, end === -1 ? raw.length : end)),
    attachments: mail.attachments.map((a) => ({
      ...(a.filename ? { filename: a.filename } : {}),
      contentType: a.contentType,
      size: a.size,
      content: a.content,
    })),
  };
}
