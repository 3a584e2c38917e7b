import type { OutboundPolicy } from '../outbound/outbound-address';
import type { DkimKey } from './dkim-signature';
import { resolveOutbound, type HostLookup } from '../outbound/outbound-resolver';
import { composeRawEmail, composeSignedEmail } from './raw-email';
import { SmtpConnectionPool, type SmtpCommandError } from './smtp-connection-pool';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  username?: string | null;
  password?: string | null;
  /** The name to greet the server with (the platform's SMTP_EHLO_NAME); undefined: as nodemailer greets. */
  ehloName?: string;
  /** Parallel connections; few is safest for reputation (docs/rules/sending.md, Per account). */
  maxConnections: number;
  /**
   * Set for a server a tenant configured (not the operator's default): every connection goes to
   * an address the policy allows, and failures to connect read the same whatever the cause.
   */
  outbound?: OutboundPolicy;
}

/**
 * What a tenant learns when its server cannot be reached: the same for a refused address, a
 * closed port, a timeout or a service that does not speak SMTP, so sending and test mails cannot
 * be used to map a network. Replies of a real SMTP server (with a code) are passed on as they are.
 */
export const SMTP_UNREACHABLE = 'Could not connect to the SMTP server, or it did not answer as an SMTP server';

export interface OutgoingEmail {
  /** Envelope sender: the VERP return path that bounces come back to. */
  envelopeFrom: string;
  to: string;
  from: { name?: string; address: string };
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  /** The From domain's DKIM keys; none leaves the message unsigned. */
  dkim?: readonly DkimKey[];
}

export interface SmtpAccepted {
  ok: true;
  response: string;
}

export interface SmtpRejected {
  ok: false;
  /** The SMTP reply code, or null when no reply came (connection refused, timeout). */
  code: number | null;
  response: string;
  /** The command the server refused (nodemailer's `RCPT TO`, `DATA`, `MAIL FROM`, `CONN`), when known. */
  command?: string;
}

export type SmtpOutcome = SmtpAccepted | SmtpRejected;

/**
 * The connections one worker process may open of an SMTP server's `maxConnections` when
 * `processes` worker processes send to it: together they stay within the limit (each process
 * still needs one, so more processes than connections open one each).
 */
export function connectionsPerProcess(maxConnections: number, processes: number): number {
  return Math.max(1, Math.floor(maxConnections / Math.max(1, processes)));
}

/** A pooled SMTP connection set for one account's settings. */
export class EmailTransport {
  private readonly pool: SmtpConnectionPool;

  constructor(
    readonly settings: SmtpSettings,
    lookup?: HostLookup,
  ) {
    const { outbound } = settings;
    this.pool = new SmtpConnectionPool({
      resolveAddress: outbound
        ? async (host) => {
            const resolved = await resolveOutbound(host, outbound, lookup);
            if (!resolved.ok) throw new Error(`Outbound connection refused: ${resolved.refusal}`);
            return resolved.address;
          }
        : undefined,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
      ehloName: settings.ehloName,
      maxConnections: settings.maxConnections,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  /** Hands one message to the server; never throws for an SMTP answer, only returns it. */
  async send(email: OutgoingEmail): Promise<SmtpOutcome> {
    try {
      // Built before a connection is free, for what the server offered last time; rebuilt in the
      // rare case that this connection does not offer 8BITMIME after all.
      const built = await composeSignedEmail(email, { allow8Bit: this.pool.offers8BitMime });
      const info = await this.pool.send({ from: email.envelopeFrom, to: [email.to] }, (offers8BitMime) =>
        built.eightBit && !offers8BitMime ? composeRawEmail(email, { allow8Bit: false }) : built,
      );
      return { ok: true, response: info.response };
    } catch (error) {
      return this.rejection(error);
    }
  }

  async verify(): Promise<void> {
    await this.pool.verify();
  }

  /** "Test connection": connects (and logs in) once; a tenant's server answers as `send` does. */
  async check(): Promise<SmtpOutcome> {
    try {
      await this.pool.verify();
      return { ok: true, response: 'Connected' };
    } catch (error) {
      return this.rejection(error);
    }
  }

  private rejection(error: unknown): SmtpRejected {
    const e = error as SmtpCommandError;
    if (e.responseCode === undefined && this.settings.outbound)
      return { ok: false, code: null, response: SMTP_UNREACHABLE };
    const rejected: SmtpRejected = { ok: false, code: e.responseCode ?? null, response: e.response ?? e.message };
    if (e.command) rejected.command = e.command;
    return rejected;
  }

  close(): void {
    this.pool.close();
  }
}
