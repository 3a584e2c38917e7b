import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { EmailTransport, type OutgoingEmail } from './email-transport';
import { SmtpConnectionPool, type SmtpCommandError } from './smtp-connection-pool';

interface Received {
  session: string;
  /** The name the client greeted with (EHLO). */
  greeting: string;
  to: string[];
  body: string;
  /** The BODY= parameter of MAIL FROM, if any. */
  bodyParameter?: string;
}

/** A loopback SMTP server that records each message with the session it came over. */
async function startServer(
  options: Partial<SMTPServerOptions> = {},
): Promise<{ port: number; received: Received[]; sessions: Set<string>; server: SMTPServer }> {
  const received: Received[] = [];
  const sessions = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session: SMTPServerSession, callback) {
      sessions.add(session.id);
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const args = session.envelope.mailFrom
          ? (session.envelope.mailFrom.args as Record<string, string> | false)
          : false;
        received.push({
          session: session.id,
          greeting: session.hostNameAppearsAs,
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString('utf8'),
          bodyParameter: args ? args.BODY : undefined,
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, received, sessions, server };
}

const servers: SMTPServer[] = [];
const pools: SmtpConnectionPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

function poolFor(
  port: number,
  maxConnections: number,
  extra: Partial<ConstructorParameters<typeof SmtpConnectionPool>[0]> = {},
): SmtpConnectionPool {
  const pool = new SmtpConnectionPool({
    host: '127.0.0.1',
    port,
    secure: false,
    maxConnections,
    connectionTimeout: 2_000,
    greetingTimeout: 2_000,
    socketTimeout: 5_000,
    ...extra,
  });
  pools.push(pool);
  return pool;
}

const message = (n: number): Buffer => Buffer.from(`Subject: ${n}\r\n\r\nLine one\r\n.dot at the start\r\n`);

describe('SmtpConnectionPool', () => {
  it('sends every message once over at most maxConnections reused connections, dots stuffed', async () => {
    const sink = await startServer();
    servers.push(sink.server);
    const pool = poolFor(sink.port, 3);
    const infos = await Promise.all(
      Array.from({ length: 60 }, (_, i) => pool.send({ from: 'b@h.example', to: [`r${i}@x.example`] }, message(i))),
    );
    expect(infos.every((info) => info.response.startsWith('250'))).toBe(true);
    expect(sink.received.map((r) => r.to[0]).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `r${i}@x.example`).sort(),
    );
    expect(sink.sessions.size).toBe(3);
    expect(sink.received[0]!.body).toContain('\r\n.dot at the start\r\n');
  });

  it('keeps a connection after the server refuses a recipient, and reports the reply code', async () => {
    const sink = await startServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('bad')) {
          const error = new Error('5.1.1 No such user') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
    });
    servers.push(sink.server);
    const pool = poolFor(sink.port, 1);
    await pool.send({ from: 'b@h.example', to: ['good1@x.example'] }, message(1));
    const refused = (await pool
      .send({ from: 'b@h.example', to: ['bad@x.example'] }, message(2))
      .catch((e: unknown) => e)) as SmtpCommandError;
    expect(refused.responseCode).toBe(550);
    expect(refused.response).toContain('No such user');
    await pool.send({ from: 'b@h.example', to: ['good2@x.example'] }, message(3));
    expect(sink.received.map((r) => r.to[0])).toEqual(['good1@x.example', 'good2@x.example']);
    expect(sink.sessions.size).toBe(1);
  });

  it('replaces an idle connection the server closed', async () => {
    const sink = await startServer({ socketTimeout: 200 });
    servers.push(sink.server);
    const pool = poolFor(sink.port, 1);
    await pool.send({ from: 'b@h.example', to: ['a@x.example'] }, message(1));
    await new Promise((r) => setTimeout(r, 600));
    await pool.send({ from: 'b@h.example', to: ['b@x.example'] }, message(2));
    expect(sink.received).toHaveLength(2);
    expect(sink.sessions.size).toBe(2);
  });

  it('logs in when credentials are set and the server offers AUTH', async () => {
    const logins: string[] = [];
    const sink = await startServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        callback(null, { user: auth.username });
      },
    });
    servers.push(sink.server);
    const pool = poolFor(sink.port, 1, { auth: { user: 'herald', pass: 'secret' } });
    await pool.send({ from: 'b@h.example', to: ['a@x.example'] }, message(1));
    expect(logins).toEqual(['herald:secret']);
  });

  it("greets with the EHLO name it is given, else with this host's name", async () => {
    const sink = await startServer();
    servers.push(sink.server);
    await poolFor(sink.port, 1).send({ from: 'b@h.example', to: ['a@x.example'] }, message(1));
    await poolFor(sink.port, 1, { ehloName: 'mta1.herald.example' }).send(
      { from: 'b@h.example', to: ['b@x.example'] },
      message(2),
    );
    // nodemailer's own: the host's name when it is fully qualified, else the connection's address.
    expect([hostname(), '[127.0.0.1]']).toContain(sink.received[0]!.greeting);
    expect(sink.received[1]!.greeting).toBe('mta1.herald.example');
  });

  it('rejects without a reply code when nothing listens, and recovers once the server is there', async () => {
    const sink = await startServer();
    const { port } = sink;
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    const pool = poolFor(port, 2);
    const error = (await pool
      .send({ from: 'b@h.example', to: ['a@x.example'] }, message(1))
      .catch((e: unknown) => e)) as SmtpCommandError;
    expect(error).toBeInstanceOf(Error);
    expect(error.responseCode).toBeUndefined();
    const again = await startServer();
    servers.push(again.server);
    const other = poolFor(again.port, 2);
    await expect(other.send({ from: 'b@h.example', to: ['a@x.example'] }, message(2))).resolves.toMatchObject({
      accepted: ['a@x.example'],
    });
    // More sends than connections while the server is down: every one fails, none waits forever.
    const many = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) => pool.send({ from: 'b@h.example', to: [`m${i}@x.example`] }, message(i))),
    );
    expect(many.map((outcome) => outcome.status)).toEqual(Array(7).fill('rejected'));
    // The failed pool freed its slots: it can still open connections (to its dead port, so it fails again, not hangs).
    await expect(pool.send({ from: 'b@h.example', to: ['a@x.example'] }, message(3))).rejects.toBeInstanceOf(Error);
  });
});

describe('EmailTransport and 8BITMIME', () => {
  const dutch: OutgoingEmail = {
    envelopeFrom: 'b-1@bounces.herald.example',
    to: 'zoe@example.test',
    from: { name: 'Herald', address: 'news@herald.example' },
    subject: 'Hallo Zoë',
    html: '<p>Beste Zoë, € 10 korting</p>',
    text: 'Beste Zoë, € 10 korting',
    messageId: '<m1.d1@bounces.herald.example>',
    headers: {},
  };
  const transportFor = (port: number): EmailTransport =>
    new EmailTransport({ host: '127.0.0.1', port, secure: false, maxConnections: 2 });

  it("greets with the settings' EHLO name", async () => {
    const sink = await startServer();
    servers.push(sink.server);
    const transport = new EmailTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      maxConnections: 1,
      ehloName: 'mta1.herald.example',
    });
    expect((await transport.send(dutch)).ok).toBe(true);
    transport.close();
    expect(sink.received[0]!.greeting).toBe('mta1.herald.example');
  });

  it('sends non-ASCII parts as 8bit with BODY=8BITMIME to a server that offers it', async () => {
    const sink = await startServer();
    servers.push(sink.server);
    const transport = transportFor(sink.port);
    // The first message learns what the server offers; later ones are built for it.
    for (let i = 0; i < 3; i++) expect((await transport.send({ ...dutch, to: `zoe${i}@example.test` })).ok).toBe(true);
    transport.close();
    const last = sink.received.at(-1)!;
    expect(last.bodyParameter).toBe('8BITMIME');
    expect(last.body).toContain('Content-Transfer-Encoding: 8bit');
    expect(last.body).toContain('Beste Zoë, € 10 korting');
    const parsed = await simpleParser(Buffer.from(last.body, 'utf8'));
    expect(parsed.html).toBe(dutch.html);
    expect(parsed.subject).toBe('Hallo Zoë');
    // Before any connection was open the transport did not know: the first went quoted-printable.
    expect(sink.received[0]!.body).toContain('Content-Transfer-Encoding: quoted-printable');
  });

  it('sends quoted-printable without BODY=8BITMIME to a server that does not offer it', async () => {
    const sink = await startServer({ hide8BITMIME: true });
    servers.push(sink.server);
    const transport = transportFor(sink.port);
    for (let i = 0; i < 3; i++) expect((await transport.send(dutch)).ok).toBe(true);
    transport.close();
    for (const received of sink.received) {
      expect(received.bodyParameter).toBeUndefined();
      expect(received.body).toContain('Content-Transfer-Encoding: quoted-printable');
      expect([...Buffer.from(received.body, 'utf8')].every((byte) => byte < 0x80)).toBe(true);
    }
  });

  it('sends ASCII parts as 7bit either way', async () => {
    const sink = await startServer();
    servers.push(sink.server);
    const transport = transportFor(sink.port);
    for (let i = 0; i < 2; i++)
      expect((await transport.send({ ...dutch, html: '<p>Hi</p>', text: 'Hi' })).ok).toBe(true);
    transport.close();
    expect(sink.received.at(-1)!.body).toContain('Content-Transfer-Encoding: 7bit');
    expect(sink.received.at(-1)!.bodyParameter).toBeUndefined();
  });
});
