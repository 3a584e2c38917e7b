import { composeRawEmail } from './raw-email';
import { SmtpConnectionPool, type SmtpCommandError } from './smtp-connection-pool';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  username?: string | null;
  password?: string | null;
  /** Parallel connections; few is safest for reputation (semantics.md, Sending settings). */
  maxConnections: number;
}

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

  constructor(readonly settings: SmtpSettings) {
    this.pool = new SmtpConnectionPool({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
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
      const built = composeRawEmail(email, { allow8Bit: this.pool.offers8BitMime });
      const info = await this.pool.send({ from: email.envelopeFrom, to: [email.to] }, (offers8BitMime) =>
        built.eightBit && !offers8BitMime ? composeRawEmail(email, { allow8Bit: false }) : built,
      );
      return { ok: true, response: info.response };
    } catch (error) {
      const e = error as SmtpCommandError;
      return { ok: false, code: e.responseCode ?? null, response: e.response ?? e.message };
    }
  }

  async verify(): Promise<void> {
    await this.pool.verify();
  }

  close(): void {
    this.pool.close();
  }
}
