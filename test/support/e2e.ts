// The one entry point of end-to-end specs: start the stack, log in, send a mailing, wait for a condition,
// read what the mail catcher caught and hand mail back to the inbound SMTP server.
import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { INestApplicationContext } from '@nestjs/common';
import type { ChannelAdapter } from '@herald/channels';
import type { HeraldConfig } from '@herald/config';
import type {
  CreateEmailDocumentRequest,
  MailingCheckResponse,
  MailingReportResponse,
  MailingResponse,
  MailingSettings,
} from '@herald/contracts';
import type { PrismaClient, Role } from '@herald/db';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type CaughtMessage, type MailCatcher, type MailCatcherOptions } from '@herald/mail-catcher';
import { InboundSmtpServer } from '../../apps/worker/src/inbound/inbound-smtp.server';
import { startApi, type RunningApi } from './api';
import { testConfig, testConfigWithPublicUrl } from './config';
import { createAccount, createUser, type TestUser } from './factories';
import { arf, dsn } from './returned-mail';
import { startWorker } from './worker';

/** A desktop browser's user agent: opens and clicks with it count as a person's, not a machine's. */
export const BROWSER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

/** The sender of what comes back to the inbound SMTP server: the recipient's mail server. */
const RETURNING_SERVER = 'mailer-daemon@mx.example.test';

interface E2eStackOptions {
  /** Configuration overrides, applied last (after SMTP_PORT, which points at the mail catcher). */
  config?: Record<string, string>;
  /** PUBLIC_URL is the API's own address, so tracking links in sent messages reach it (default false). */
  publicUrl?: boolean;
  /** The mail catcher's options (keep defaults to 'all'); false for none, SMTP_PORT then stays 0. */
  catcher?: Pick<MailCatcherOptions, 'keep' | 'maxKept' | 'replies'> | false;
  /** Start the worker in-process (default true); false to start it later with `startWorker()`, or not at all. */
  worker?: boolean;
  /** Channels the worker has besides email, such as a recording test channel. */
  channels?: readonly ChannelAdapter[];
  /** The role of the stack's logged-in user (default MARKETER); false for no user and no login at all. */
  role?: Role | false;
  /** The name of the stack's account (the factory's default otherwise). */
  accountName?: string;
}

/** A user of the stack with a token from a real login. */
interface LoggedInUser extends TestUser {
  token: string;
}

/** Herald for one spec: its own database and Redis prefix, the API, optionally the worker and a mail catcher. */
export class E2eStack {
  private runningWorker: INestApplicationContext | undefined;

  constructor(
    readonly db: TestDatabase,
    readonly config: HeraldConfig,
    readonly api: RunningApi,
    /** The stack's own account, where its logged-in user is. */
    readonly accountId: number,
    private readonly loggedIn: LoggedInUser | undefined,
    private readonly mailCatcher: MailCatcher | undefined,
    private readonly channels: readonly ChannelAdapter[],
    private readonly cleanups: Array<() => Promise<void>>,
  ) {}

  /** The client of the stack's own database. */
  get prisma(): PrismaClient {
    return this.db.prisma;
  }

  /** The mail catcher SMTP_PORT points at. */
  get catcher(): MailCatcher {
    if (!this.mailCatcher) throw new Error('this stack was started without a mail catcher');
    return this.mailCatcher;
  }

  /** The in-process worker, while it runs. */
  get worker(): INestApplicationContext {
    if (!this.runningWorker) throw new Error('the worker is not running: start it with startWorker()');
    return this.runningWorker;
  }

  /** The user logged in at start-up. */
  get user(): LoggedInUser {
    if (!this.loggedIn) throw new Error('this stack was started with role: false, so no user is logged in');
    return this.loggedIn;
  }

  /** The bearer token of the user logged in at start-up. */
  get token(): string {
    return this.user.token;
  }

  /** Hands one raw message to the worker's inbound SMTP server, as a mail server sending something back would. */
  async sendToInbound(
    envelope: { from: string; to: string | string[] },
    raw: string | Readable,
  ): Promise<SMTPTransport.SentMessageInfo> {
    const port = this.worker.get(InboundSmtpServer).port;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      return await transport.sendMail({ envelope, raw });
    } finally {
      transport.close();
    }
  }

  /** Bounces a sent message as its recipient's server would: a DSN with `status` and `diagnostic`, to its return path. */
  bounce(message: CaughtMessage, status: string, diagnostic: string): Promise<SMTPTransport.SentMessageInfo> {
    const verp = message.envelope.from;
    const raw = dsn(verp, message.envelope.to[0]!, status, diagnostic, message.headers['message-id']!);
    return this.sendToInbound({ from: RETURNING_SERVER, to: verp }, raw);
  }

  /** Reports a sent message as spam, as a mailbox provider's feedback loop would: an ARF report to its return path. */
  complain(message: CaughtMessage): Promise<SMTPTransport.SentMessageInfo> {
    const verp = message.envelope.from;
    const raw = arf(verp, message.envelope.to[0]!, message.headers['message-id']!);
    return this.sendToInbound({ from: RETURNING_SERVER, to: verp }, raw);
  }

  /** Starts the in-process worker on this stack's database, queues and mail catcher. */
  async startWorker(): Promise<INestApplicationContext> {
    if (this.runningWorker) throw new Error('the worker is already running');
    this.runningWorker = await startWorker(this.config, { channels: this.channels });
    return this.runningWorker;
  }

  /** Closes the in-process worker, if it runs; `stop()` then leaves it alone. */
  async stopWorker(): Promise<void> {
    const worker = this.runningWorker;
    this.runningWorker = undefined;
    await worker?.close();
  }

  /** Another account (a stranger to the stack's own, or a second tenant); returns its id. */
  async newAccount(name?: string): Promise<number> {
    return (await createAccount(this.prisma, name)).id;
  }

  /** A new user of `role` in the stack's account (or `accountId`), logged in over HTTP. */
  newUser(role: Role = 'MARKETER', accountId: number = this.accountId): Promise<LoggedInUser> {
    return loggedInUser(this.db.prisma, this.api, accountId, role);
  }

  /** The token of a new user of `role` in the stack's account (or `accountId`). */
  async userToken(role: Role = 'MARKETER', accountId?: number): Promise<string> {
    return (await this.newUser(role, accountId)).token;
  }

  /** Tears down what runs, the worker first and the database last; goes on past a failing step and throws its error after. */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    const steps = [() => this.stopWorker(), ...this.cleanups.splice(0).reverse()];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'the stack did not stop cleanly');
  }
}

async function loggedInUser(
  prisma: PrismaClient,
  api: RunningApi,
  accountId: number,
  role: Role,
): Promise<LoggedInUser> {
  const user = await createUser(prisma, accountId, role);
  return { ...user, token: await api.login(user.email, user.password) };
}

/** Starts a stack; what started before a failure is torn down again before the error is thrown. */
export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  const cleanups: Array<() => Promise<void>> = [];
  let stack: E2eStack | undefined;
  try {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const catcher =
      options.catcher === false ? undefined : await startMailCatcher({ smtpPort: 0, keep: 'all', ...options.catcher });
    if (catcher) cleanups.push(() => catcher.close());
    const overrides = { ...(catcher ? { SMTP_PORT: String(catcher.smtpPort) } : {}), ...options.config };
    const config = options.publicUrl ? await testConfigWithPublicUrl(db.url, overrides) : testConfig(db.url, overrides);
    const api = await startApi(config);
    cleanups.push(() => api.close());
    const accountId = (await createAccount(db.prisma, options.accountName)).id;
    const user =
      options.role === false ? undefined : await loggedInUser(db.prisma, api, accountId, options.role ?? 'MARKETER');
    stack = new E2eStack(db, config, api, accountId, user, catcher, options.channels ?? [], cleanups);
    if (options.worker !== false) await stack.startWorker();
    return stack;
  } catch (error) {
    if (stack) await stack.stop().catch(() => undefined);
    else for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
}

interface WaitOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Read again after this long (default 100 ms). */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/** JSON that also takes the BigInt ids of destinations and events. */
const describeValue = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Reads until `ok` holds and returns that value; on time-out throws with what was awaited and the last value read. */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, what = 'the condition' } = options;
  for (const until = Date.now() + timeoutMs; ;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${describeValue(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Whom a mailing goes to: a database's profiles, a collection's subprofiles, or a selection. */
type MailingTarget =
  { databaseId: number } | { collectionId: number } | { selectionId: number; toSubprofiles?: boolean };

interface SendMailingOptions {
  /** The name of the mailing, and of the document made for it (default 'News'). */
  name?: string;
  /** An existing document's id, or fields of the email document to create over the defaults. */
  document?: number | Partial<CreateEmailDocumentRequest>;
  target: MailingTarget;
  settings?: Partial<MailingSettings>;
  /** Whose token creates and sends it (default the stack's user). */
  token?: string;
  /** How long the send may take (default 60 s), and how often its status is read (default 100 ms). */
  timeoutMs?: number;
  intervalMs?: number;
}

interface SentMailing {
  documentId: number;
  mailingId: number;
  /** The mailing as the API answers once it is SENT. */
  mailing: MailingResponse;
}

function targetBody(target: MailingTarget): Record<string, unknown> {
  if ('databaseId' in target) return { targetType: 'DATABASE', databaseId: target.databaseId };
  if ('collectionId' in target)
    return { targetType: 'COLLECTION', collectionId: target.collectionId, toSubprofiles: true };
  return { targetType: 'SELECTION', selectionId: target.selectionId, toSubprofiles: target.toSubprofiles ?? false };
}

/** Over the API: creates an email document (unless given one) and a mailing, sends it and waits until it is SENT. */
export async function sendMailing(stack: E2eStack, options: SendMailingOptions): Promise<SentMailing> {
  const { api } = stack;
  const name = options.name ?? 'News';
  const token = options.token ?? stack.token;
  const answered = <T>(res: { status: number; body: T }, what: string): T => {
    if (res.status >= 300) throw new Error(`${what} answered ${res.status}: ${describeValue(res.body)}`);
    return res.body;
  };
  let documentId: number;
  if (typeof options.document === 'number') documentId = options.document;
  else {
    const body: CreateEmailDocumentRequest = {
      name,
      fromAddress: 'news@herald.example',
      subject: 'News',
      html: '<html><body><p>Hello</p></body></html>',
      ...options.document,
    };
    documentId = answered(
      await api.request<{ id: number }>('POST', '/documents', { token, body }),
      'POST /documents',
    ).id;
  }
  const mailingId = answered(
    await api.request<{ id: number }>('POST', '/mailings', {
      token,
      body: { name, documentId, ...targetBody(options.target), settings: options.settings ?? {} },
    }),
    'POST /mailings',
  ).id;
  await acknowledgeWarnings(api, token, mailingId);
  answered(await api.request('POST', `/mailings/${mailingId}/send`, { token }), `POST /mailings/${mailingId}/send`);
  const mailing = await mailingInStatus(stack, mailingId, 'SENT', {
    token,
    timeoutMs: options.timeoutMs ?? 60_000,
    intervalMs: options.intervalMs,
  });
  return { documentId, mailingId, mailing };
}

/**
 * Acknowledges every warning the issue checker has for the mailing now, as a marketer does in the
 * mailing form's check step: a send or schedule is refused (409) while one is not (issue 17).
 */
export async function acknowledgeWarnings(
  api: {
    request<T>(
      method: string,
      path: string,
      options: { token?: string; body?: unknown },
    ): Promise<{ status: number; body: T }>;
  },
  token: string,
  mailingId: number,
): Promise<void> {
  const check = await api.request<MailingCheckResponse>('POST', `/mailings/${mailingId}/check`, { token });
  if (check.status !== 200) throw new Error(`POST /mailings/${mailingId}/check answered ${check.status}`);
  const keys = check.body.findings.filter((f) => f.severity === 'warning' && !f.acknowledged).map((f) => f.key);
  if (keys.length === 0) return;
  const ack = await api.request('POST', `/mailings/${mailingId}/check/acknowledgements`, { token, body: { keys } });
  if (ack.status !== 200) throw new Error(`acknowledging ${keys.join(', ')} answered ${ack.status}`);
}

/** Reads a mailing over the API until it is in `status`; the token defaults to the stack's user's. */
export function mailingInStatus(
  stack: E2eStack,
  mailingId: number,
  status: MailingResponse['status'],
  options: Omit<WaitOptions, 'what'> & { token?: string } = {},
): Promise<MailingResponse> {
  const token = options.token ?? stack.token;
  return waitFor(
    async () => (await stack.api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body,
    (mailing) => mailing.status === status,
    { ...options, what: `mailing ${mailingId} to be ${status}` },
  );
}

/** What a mail catcher caught, by recipient: the part of the address before `@`, or what `name` made of it. */
export interface CaughtMail {
  /** Everyone a message went to, as named. */
  recipients(): string[];
  /** The message to `who` (the last one, if several). */
  message(who: string): CaughtMessage;
  /** Its hrefs in order, `&amp;` decoded: the tracked links as a mail client follows them. */
  links(who: string): string[];
  /** The URL of its open pixel. */
  pixel(who: string): string;
}

/** Reads what `catcher` (keeping 'all') caught so far, named by each message's first recipient. */
export async function caughtMail(
  catcher: MailCatcher,
  name: (address: string) => string = (address) => address.split('@')[0]!,
): Promise<CaughtMail> {
  const caught = new Map<string, { message: CaughtMessage; html: string }>();
  for (const message of catcher.messages())
    caught.set(name(message.envelope.to[0]!), { message, html: (await catcher.parsed(message.id)).html || '' });
  const of = (who: string) => {
    const mail = caught.get(who);
    if (!mail) throw new Error(`no message to ${who}; caught: ${[...caught.keys()].join(', ')}`);
    return mail;
  };
  const decoded = (url: string): string => url.replace(/&amp;/g, '&');
  return {
    recipients: () => [...caught.keys()],
    message: (who) => of(who).message,
    links: (who) => [...of(who).html.matchAll(/href="([^"]+)"/g)].map((match) => decoded(match[1]!)),
    pixel(who) {
      const pixel = /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(of(who).html);
      if (!pixel) throw new Error(`no open pixel in the message to ${who}`);
      return decoded(pixel[1]!);
    },
  };
}

/**
 * A mailing that ended before every destination went (stopped, or at its time limit): waits until `ended`
 * says so, checks that nothing more reaches the sink afterwards and that sent and cancelled add up to
 * `destinations` in its progress and its report; returns the report, whose `mailing.ended` says how.
 */
export async function endedEarly(
  stack: E2eStack,
  mailingId: number,
  destinations: number,
  ended: (mailing: MailingResponse) => boolean,
): Promise<MailingReportResponse> {
  const { api, token, catcher } = stack;
  const { progress } = await waitFor(
    async () => (await api.request<MailingResponse>('GET', `/mailings/${mailingId}`, { token })).body,
    (m) => ended(m) && m.progress.pending === 0,
    { what: `mailing ${mailingId} to end early`, timeoutMs: 30_000 },
  );
  const caughtAtEnd = catcher.messages().length;
  // Nothing is handed over after the batches saw the end.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  if (catcher.messages().length !== caughtAtEnd)
    throw new Error(`${catcher.messages().length - caughtAtEnd} message(s) reached the sink after the end`);
  const counts = { destinations: progress.destinations, sent: progress.sent, cancelled: progress.cancelled };
  const expected = { destinations, sent: caughtAtEnd, cancelled: destinations - caughtAtEnd };
  if (JSON.stringify(counts) !== JSON.stringify(expected) || progress.sent === 0 || progress.cancelled === 0)
    throw new Error(`progress ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}, neither 0`);
  const report = await api.request<MailingReportResponse>('GET', `/mailings/${mailingId}/report`, { token });
  const figures = report.body.keyFigures;
  if (
    report.status !== 200 ||
    figures.sent + figures.cancelled !== figures.destinations ||
    figures.cancelled !== progress.cancelled
  )
    throw new Error(`the report (${report.status}) does not add up: ${JSON.stringify(figures)}`);
  return report.body;
}
