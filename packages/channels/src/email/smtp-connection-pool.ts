import { isIP } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpPoolOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  /** The name sent with EHLO; undefined greets as nodemailer does (the host's name, or its address). */
  ehloName?: string;
  maxConnections: number;
  connectionTimeout: number;
  greetingTimeout: number;
  /** Also how long an idle connection is kept: the socket times out and leaves the pool. */
  socketTimeout: number;
  /**
   * The address to connect to for `host`, checked before each new connection (a tenant's server:
   * see outbound-resolver.ts); rejects when refused. The host name stays the TLS server name.
   */
  resolveAddress?: (host: string) => Promise<string>;
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

/** What nodemailer's SMTPConnection reports when a command fails. */
export interface SmtpCommandError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

interface PooledConnection {
  connection: SMTPConnection;
  /** Set once the connection errs or ends; it is never handed out again. */
  dead: boolean;
  /** The server's EHLO offered 8BITMIME (RFC 6152) on this connection. */
  offers8BitMime: boolean;
}

/** A message built for the connection that sends it, knowing whether that server offers 8BITMIME. */
export type MessageFor = (offers8BitMime: boolean) => { source: Buffer; eightBit: boolean };

const OFFERS_8BITMIME = /^250[ -]8BITMIME\b/im;

/**
 * A fixed number of nodemailer SMTP connections, each sending one message at a time.
 *
 * nodemailer's own pool (`createTransport({ pool: true })`) runs every message through its Mail
 * object, plugins and a MIME tree even for `raw` input: 370 µs of CPU per message against 160 µs
 * for handing the same bytes to its SMTPConnection (measured to the project's mail catcher). Bulk
 * messages arrive already built (raw-email.ts), so Herald keeps nodemailer's SMTP protocol and
 * drops the rest. An outcome is never retried here: the send handler decides what a failure means.
 */
export class SmtpConnectionPool {
  private readonly idle: PooledConnection[] = [];
  private readonly waiting: Array<{ resolve: (pooled: PooledConnection) => void; reject: (error: Error) => void }> = [];
  private opened = 0;
  private closed = false;
  private lastOffer8BitMime = false;

  constructor(private readonly options: SmtpPoolOptions) {}

  /** Whether the server offered 8BITMIME on the newest connection; false until one is open. */
  get offers8BitMime(): boolean {
    return this.lastOffer8BitMime;
  }

  /**
   * Sends one message; rejects with the server's answer (`responseCode`) or a connection error. A
   * message that may contain 8bit parts comes as a function, so it can be built for the connection.
   */
  async send(envelope: SmtpEnvelope, message: Buffer | MessageFor): Promise<SMTPConnection.SentMessageInfo> {
    const pooled = await this.acquire();
    let built: { source: Buffer; eightBit: boolean };
    try {
      built = typeof message === 'function' ? message(pooled.offers8BitMime) : { source: message, eightBit: false };
      if (built.eightBit && !pooled.offers8BitMime)
        throw new Error('An 8bit message was built for a server without 8BITMIME');
    } catch (error) {
      this.release(pooled); // nothing was sent: the connection is as good as before
      throw error;
    }
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        pooled.connection.send({ ...envelope, use8BitMime: built.eightBit }, built.source, (error, result) =>
          error ? reject(error) : resolve(result!),
        ),
      );
      this.release(pooled);
      return info;
    } catch (error) {
      const e = error as SmtpCommandError;
      if (!pooled.dead && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421) {
        // The server refused this message, not the session: reset it and keep the connection.
        pooled.connection.reset((resetError) => (resetError ? this.discard(pooled) : this.release(pooled)));
      } else {
        this.discard(pooled);
      }
      throw error;
    }
  }

  /** Opens one connection (and logs in) to check the settings, then closes it. */
  async verify(): Promise<void> {
    const pooled = await this.open();
    pooled.connection.quit();
  }

  close(): void {
    this.closed = true;
    for (const pooled of this.idle.splice(0)) pooled.connection.quit();
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The SMTP pool is closed'));
  }

  private acquire(): Promise<PooledConnection> {
    if (this.closed) return Promise.reject(new Error('The SMTP pool is closed'));
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.opened < this.options.maxConnections) return this.openSlot();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Opens a connection in a free slot; when that fails, a waiting send tries a slot of its own, so none waits forever. */
  private openSlot(): Promise<PooledConnection> {
    this.opened++;
    return this.open().catch((error: unknown) => {
      this.opened--;
      const waiter = this.waiting.shift();
      if (waiter) this.openSlot().then(waiter.resolve, waiter.reject);
      throw error;
    });
  }

  private release(pooled: PooledConnection): void {
    if (pooled.dead || this.closed) {
      this.discard(pooled);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(pooled);
    else this.idle.push(pooled);
  }

  /** Drops a connection; a waiting send gets a new one in its place. */
  private discard(pooled: PooledConnection): void {
    if (!pooled.dead) {
      pooled.dead = true;
      pooled.connection.close();
    }
    const index = this.idle.indexOf(pooled);
    if (index >= 0) this.idle.splice(index, 1);
    this.opened--;
    const waiter = this.waiting.shift();
    if (waiter) this.openSlot().then(waiter.resolve, waiter.reject);
  }

  private async open(): Promise<PooledConnection> {
    const { host, resolveAddress } = this.options;
    const address = resolveAddress ? await resolveAddress(host) : host;
    return this.openTo(address);
  }

  private openTo(address: string): Promise<PooledConnection> {
    const { host, port, secure, auth, ehloName, connectionTimeout, greetingTimeout, socketTimeout } = this.options;
    // Connecting to the checked address, not the name, so DNS cannot answer differently now (rebinding).
    const servername = address !== host && !isIP(host) ? host : undefined;
    const connection = new SMTPConnection({
      host: address,
      servername,
      port,
      secure,
      name: ehloName,
      connectionTimeout,
      greetingTimeout,
      socketTimeout,
    });
    const pooled: PooledConnection = { connection, dead: false, offers8BitMime: false };
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        pooled.dead = true;
        connection.close();
        reject(error);
      };
      // An idle connection that times out or is closed by the server leaves the pool quietly;
      // during a send the send's own callback carries the error.
      const onGone = (): void => {
        if (!settled) return fail(new Error(`The SMTP connection to ${host}:${port} closed during the greeting`));
        if (pooled.dead) return;
        pooled.dead = true;
        const index = this.idle.indexOf(pooled);
        if (index >= 0) {
          this.idle.splice(index, 1);
          this.opened--;
        }
      };
      connection.on('error', (error: Error) => (settled ? onGone() : fail(error)));
      connection.once('end', onGone);
      connection.connect((error) => {
        if (error) return fail(error);
        // Right after connecting, the last reply is the EHLO reply (after STARTTLS, the second one).
        pooled.offers8BitMime = OFFERS_8BITMIME.test(connection.lastServerResponse || '');
        this.lastOffer8BitMime = pooled.offers8BitMime;
        // As nodemailer's pool does: credentials are used when the server offers AUTH.
        if (!auth || !connection.allowsAuth) {
          settled = true;
          return resolve(pooled);
        }
        connection.login({ user: auth.user, pass: auth.pass }, (loginError) => {
          if (loginError) return fail(loginError);
          settled = true;
          resolve(pooled);
        });
      });
    });
  }
}
