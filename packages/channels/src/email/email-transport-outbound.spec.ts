import { createServer, type AddressInfo, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailTransport, SMTP_UNREACHABLE, type OutgoingEmail } from './email-transport';

const email: OutgoingEmail = {
  envelopeFrom: 'b-1@bounces.herald.example',
  to: 'zoe@example.test',
  from: { address: 'news@herald.example' },
  subject: 'Hi',
  html: '<p>Hi</p>',
  text: 'Hi',
  messageId: '<m1@bounces.herald.example>',
  headers: {},
};

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Last opened, first closed: transports before the servers they hold connections to.
  for (const close of closers.splice(0).reverse()) await close();
});

async function smtpSink(): Promise<{ port: number; connections: () => number; received: string[] }> {
  let connections = 0;
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_session, callback) => {
      connections++;
      callback();
    },
    onData: (stream, session, callback) => {
      stream.resume();
      stream.on('end', () => {
        received.push(session.envelope.rcptTo[0]!.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, connections: () => connections, received };
}

/** Something that is not an SMTP server: answers with a banner of another protocol and hangs up. */
async function otherService(): Promise<number> {
  const server: Server = createServer((socket) => socket.end('-ERR unknown command\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function transport(
  host: string,
  port: number,
  allowPrivate: boolean | undefined,
  lookup?: (host: string) => Promise<string[]>,
): EmailTransport {
  const t = new EmailTransport(
    {
      host,
      port,
      secure: false,
      maxConnections: 1,
      ...(allowPrivate === undefined ? {} : { outbound: { allowPrivate } }),
    },
    lookup,
  );
  closers.push(async () => t.close());
  return t;
}

describe('EmailTransport to a tenant-configured server', () => {
  it('never connects to a loopback server when private addresses are not allowed', async () => {
    const sink = await smtpSink();
    const outcome = await transport('127.0.0.1', sink.port, false).send(email);
    expect(outcome).toEqual({ ok: false, code: null, response: SMTP_UNREACHABLE });
    expect(sink.connections()).toBe(0);
  });

  it('refuses a name whose address is private, checked at connect time', async () => {
    const sink = await smtpSink();
    const outcome = await transport('mail.tenant.example', sink.port, false, async () => ['127.0.0.1']).check();
    expect(outcome).toEqual({ ok: false, code: null, response: SMTP_UNREACHABLE });
    expect(sink.connections()).toBe(0);
  });

  it('connects to the address it checked, not to a second DNS answer', async () => {
    const sink = await smtpSink();
    const answers = [['127.0.0.1'], ['10.9.9.9']];
    let lookups = 0;
    const t = transport('mail.tenant.example', sink.port, true, async () => answers[lookups++] ?? []);
    expect(await t.send(email)).toMatchObject({ ok: true });
    // One lookup for one connection: nodemailer did not resolve the name again (it would not know it).
    expect(lookups).toBe(1);
    expect(sink.received).toEqual(['zoe@example.test']);
  });

  it('answers the same for a closed port, another service and a refused address (no port scan)', async () => {
    const closed = await closedPort();
    const other = await otherService();
    const outcomes = [
      await transport('127.0.0.1', closed, true).check(),
      await transport('127.0.0.1', other, true).check(),
      await transport('127.0.0.1', other, false).check(),
    ];
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: false, code: null, response: SMTP_UNREACHABLE });
  });

  it('passes on the detail for the operator default server (no outbound policy)', async () => {
    const closed = await closedPort();
    const outcome = await transport('127.0.0.1', closed, undefined).check();
    expect(outcome.ok).toBe(false);
    expect(outcome.ok || outcome.response).toMatch(/ECONNREFUSED/);
  });
});
