import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, type Transporter } from 'nodemailer';
import { startMailCatcher, type MailCatcher, type MailCatcherOptions } from './mail-catcher';

const open: MailCatcher[] = [];
const transports: Transporter[] = [];

async function catcherWith(options: Partial<MailCatcherOptions> = {}): Promise<MailCatcher> {
  const catcher = await startMailCatcher({ smtpPort: 0, ...options });
  open.push(catcher);
  return catcher;
}

function clientOf(catcher: MailCatcher, pool = false): Transporter {
  const transport = createTransport({
    host: '127.0.0.1',
    port: catcher.smtpPort,
    secure: false,
    ignoreTLS: true,
    pool,
    name: 'client.herald.example',
  });
  transports.push(transport);
  return transport;
}

function mail(to: string | string[], extra: Record<string, unknown> = {}) {
  return {
    from: '"Herald News" <news@herald.example>',
    envelope: undefined,
    to,
    subject: 'Hello',
    text: 'Hi there',
    html: '<p>Hi <b>there</b></p>',
    ...extra,
  };
}

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('startMailCatcher', () => {
  it('tells onMessage of each accepted message, once it is kept', async () => {
    const seen: Array<{ id: string; from: string; to: string[]; subject?: string }> = [];
    const catcher: MailCatcher = await catcherWith({
      keep: 'all',
      onMessage: (id, envelope) => seen.push({ id, ...envelope, subject: catcher.message(id)?.subject }),
    });
    await clientOf(catcher).sendMail(
      mail('31201234561@fax.example.test', {
        envelope: { from: 'b-1-x@bounces.example', to: ['31201234561@fax.example.test'] },
      }),
    );
    expect(seen).toEqual([
      { id: '1', from: 'b-1-x@bounces.example', to: ['31201234561@fax.example.test'], subject: 'Hello' },
    ]);
  });

  it('accepts messages over SMTP and lists them with envelope, headers and a lazily parsed body', async () => {
    const catcher = await catcherWith({ keep: 'all' });
    const client = clientOf(catcher);
    const info = await client.sendMail(
      mail(['a@example.test', 'b@example.test'], {
        subject: 'Grüße aus Utrecht',
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        attachments: [{ filename: 'note.txt', content: 'attached' }],
      }),
    );
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as 1$/);

    const [message] = catcher.messages();
    expect(message).toMatchObject({
      id: '1',
      envelope: { from: 'news@herald.example', to: ['a@example.test', 'b@example.test'] },
      greeting: 'client.herald.example',
      subject: 'Grüße aus Utrecht',
    });
    expect(message!.headers['from']).toBe('Herald News <news@herald.example>');
    expect(message!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(message!.receivedAt).toBeInstanceOf(Date);
    expect(message!.raw).toContain('Content-Type: multipart/mixed');
    expect(catcher.count()).toEqual({ messages: 1, recipients: 2 });

    const parsed = await catcher.parsed('1');
    expect(parsed.html).toBe('<p>Hi <b>there</b></p>');
    expect(parsed.text?.trim()).toBe('Hi there');
    expect(parsed.headers['subject']).toBe('Grüße aus Utrecht');
    expect(parsed.attachments).toMatchObject([{ filename: 'note.txt', contentType: 'text/plain', size: 8 }]);
    expect(parsed.attachments[0]!.content.toString()).toBe('attached');
  });

  it('answers RCPT TO by the reply rules, and the client sees the code', async () => {
    const catcher = await catcherWith({
      replies: [
        { match: /^hard@/, code: 550, message: '5.1.1 User unknown' },
        { match: (rcpt) => rcpt === 'soft@example.test', code: 451, message: '4.3.0 Try again later' },
      ],
    });
    const client = clientOf(catcher);

    await expect(client.sendMail(mail('hard@example.test'))).rejects.toMatchObject({
      responseCode: 550,
      response: '550 5.1.1 User unknown',
    });
    await expect(client.sendMail(mail('soft@example.test'))).rejects.toMatchObject({
      responseCode: 451,
      response: '451 4.3.0 Try again later',
    });
    // One refused recipient does not stop the others.
    const partly = await client.sendMail(mail(['hard@example.test', 'ok@example.test']));
    expect(partly.accepted).toEqual(['ok@example.test']);
    expect(partly.rejected).toEqual(['hard@example.test']);

    expect(catcher.count()).toEqual({ messages: 1, recipients: 1 });
    expect(catcher.recipientCounts().has('hard@example.test')).toBe(false);
    expect(catcher.recipientCounts().has('soft@example.test')).toBe(false);
    expect(catcher.messages()[0]!.envelope.to).toEqual(['ok@example.test']);
  });

  it('stops refusing after `times` attempts, as a greylisting or recovering server does', async () => {
    const catcher = await catcherWith({
      replies: [{ match: /^grey@/, code: 451, message: '4.7.1 Greylisted, try again', times: 2 }],
    });
    const client = clientOf(catcher);
    await expect(client.sendMail(mail('grey@example.test'))).rejects.toMatchObject({ responseCode: 451 });
    await expect(client.sendMail(mail('grey@example.test'))).rejects.toMatchObject({ responseCode: 451 });
    await expect(client.sendMail(mail('grey@example.test'))).resolves.toMatchObject({
      accepted: ['grey@example.test'],
    });
    expect(catcher.recipientCounts().get('grey@example.test')).toBe(1);
  });

  it("with keep 'none' counts messages and recipients without storing any", async () => {
    const catcher = await catcherWith({ keep: 'none' });
    const client = clientOf(catcher, true);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.sendMail(mail([`r${i}@example.test`, 'copy@example.test']))),
    );
    expect(catcher.count()).toEqual({ messages: 20, recipients: 40 });
    expect(catcher.messages()).toEqual([]);
    expect(catcher.recipientCounts().get('r7@example.test')).toBe(1);
    expect(catcher.recipientCounts().get('copy@example.test')).toBe(20);
    await expect(catcher.parsed('1')).rejects.toThrow(/does not exist/);
  });

  it("with keep 'headers' keeps the header block but not the body", async () => {
    const catcher = await catcherWith({ keep: 'headers' });
    await clientOf(catcher).sendMail(
      mail('a@example.test', { subject: 'Only headers', text: 'secret body', html: undefined }),
    );
    const [message] = catcher.messages();
    expect(message!.subject).toBe('Only headers');
    expect(message!.headers['content-type']).toMatch(/^text\/plain/);
    expect(message!.raw).toBeUndefined();
    expect(JSON.stringify(message)).not.toContain('secret body');
    await expect(catcher.parsed(message!.id)).rejects.toThrow(/keep 'all'/);
  });

  it('counts how often each recipient got a message, so a repeat shows', async () => {
    const catcher = await catcherWith({ keep: 'none' });
    const client = clientOf(catcher);
    await client.sendMail(mail('once@example.test'));
    await client.sendMail(mail('twice@example.test'));
    await client.sendMail(mail(['twice@example.test', 'other@example.test']));
    expect([...catcher.recipientCounts()].sort()).toEqual([
      ['once@example.test', 1],
      ['other@example.test', 1],
      ['twice@example.test', 2],
    ]);
    catcher.clear();
    expect(catcher.recipientCounts().size).toBe(0);
    expect(catcher.count()).toEqual({ messages: 0, recipients: 0 });
  });

  it('keeps only the newest maxKept messages', async () => {
    const catcher = await catcherWith({ keep: 'all', maxKept: 3 });
    const client = clientOf(catcher);
    for (let i = 1; i <= 5; i++) await client.sendMail(mail('a@example.test', { subject: `n${i}` }));
    expect(catcher.messages().map((m) => m.subject)).toEqual(['n3', 'n4', 'n5']);
    expect(catcher.count().messages).toBe(5);
    expect(catcher.message('1')).toBeUndefined();
  });

  it('waitFor resolves once n messages arrived and rejects, saying how many, on timeout', async () => {
    const catcher = await catcherWith({ keep: 'none' });
    const client = clientOf(catcher);
    const waiting = catcher.waitFor(3, 5_000);
    for (let i = 0; i < 3; i++) await client.sendMail(mail('a@example.test'));
    await expect(waiting).resolves.toBeUndefined();
    await expect(catcher.waitFor(4, 100)).rejects.toThrow('expected 4 messages within 100 ms, 3 arrived');
  });

  it('accepts any login offered, and refuses a message over the size limit', async () => {
    const catcher = await catcherWith({ keep: 'none', maxMessageBytes: 10_000 });
    const transport = createTransport({
      host: '127.0.0.1',
      port: catcher.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: 'anyone', pass: 'anything' },
    });
    transports.push(transport);
    await expect(transport.sendMail(mail('a@example.test'))).resolves.toMatchObject({ accepted: ['a@example.test'] });
    await expect(transport.sendMail(mail('a@example.test', { text: 'x'.repeat(20_000) }))).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(catcher.count().messages).toBe(1);
  });

  it('close() frees the port, even with a pooled client still connected', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, keep: 'none' });
    const port = catcher.smtpPort;
    const client = clientOf(catcher, true);
    await client.sendMail(mail('a@example.test'));
    const started = Date.now();
    await catcher.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    const refused = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    const again = await catcherWith({ smtpPort: port });
    expect(again.smtpPort).toBe(port);
  });

  it('rejects a port already in use and invalid options', async () => {
    const first = await catcherWith();
    await expect(startMailCatcher({ smtpPort: first.smtpPort })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(startMailCatcher({ smtpPort: 0, maxKept: 0 })).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'maxKept' }],
    });
  });
});
