import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { decodeReturnPath } from '@herald/bounces';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import type { ChannelMailing, ChannelMessage } from '../channel-port';
import { FaxChannel } from './fax-channel';

function mailing(body: string | null): ChannelMailing {
  return {
    mailingId: 9,
    accountId: 1,
    trackingEnabled: false,
    senderDomain: null,
    content: { fromName: null, fromAddress: null, replyTo: null, subject: null, html: null, text: null, body },
  };
}

function message(address: string, name: string, destinationId: bigint): ChannelMessage {
  return {
    destinationId,
    address,
    trackingId: `9.${destinationId}`,
    profile: { id: Number(destinationId), email: null, fax: address, name },
    subprofile: null,
  };
}

async function pdfText(content: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

describe('FaxChannel through an email-to-fax gateway (the mail catcher)', () => {
  let gateway: MailCatcher;
  let channel: FaxChannel;

  beforeAll(async () => {
    gateway = await startMailCatcher({
      smtpPort: 0,
      keep: 'all',
      replies: [{ match: /^31201111111@/, code: 550, message: '5.1.1 No such fax number' }],
    });
    channel = new FaxChannel({
      smtp: { host: '127.0.0.1', port: gateway.smtpPort, secure: false },
      gatewayDomain: 'fax.example.test',
      from: 'fax@herald.example',
      bounceDomain: 'bounces.herald.example',
      publicUrl: 'http://127.0.0.1:3000',
      trackingSecret: 's'.repeat(32),
      concurrency: 2,
    });
  });

  afterAll(async () => {
    channel.close();
    await gateway.close();
  });

  it('sends one personalised PDF per destination to <number>@<gateway domain>', async () => {
    const prepared = await channel.prepare(mailing('Dear {{ profile.name }},\n\nYour order ships on Monday. Café €5.'));
    const outcomes = await Promise.all([
      prepared.send(message('+31 20 123 4567', 'Ada Lovelace', 1n)),
      prepared.send(message('+31201234568', 'Alan Turing', 2n)),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['delivered', 'delivered']);
    const caught = gateway.messages();
    // The gateway's status mail goes to the envelope sender: each destination's signed return path.
    const returnPaths = new Map(caught.map((m) => [m.envelope.to[0], m.envelope.from]));
    const signed = { secret: 's'.repeat(32), domain: 'bounces.herald.example' };
    expect(decodeReturnPath(returnPaths.get('31201234567@fax.example.test')!, signed)).toEqual({ destinationId: '1' });
    expect(decodeReturnPath(returnPaths.get('31201234568@fax.example.test')!, signed)).toEqual({ destinationId: '2' });
    expect(caught[0]!.headers['from']).toContain('fax@herald.example');
    expect(caught.map((m) => m.envelope.to[0]).sort()).toEqual([
      '31201234567@fax.example.test',
      '31201234568@fax.example.test',
    ]);
    for (const [to, name] of [
      ['31201234567@fax.example.test', 'Ada Lovelace'],
      ['31201234568@fax.example.test', 'Alan Turing'],
    ] as const) {
      const parsed = await gateway.parsed(caught.find((m) => m.envelope.to[0] === to)!.id);
      expect(parsed.attachments).toHaveLength(1);
      const [pdf] = parsed.attachments;
      expect(pdf!.contentType).toBe('application/pdf');
      const { text, pages } = await pdfText(pdf!.content);
      expect(pages).toBe(1);
      expect(text).toContain(`Dear ${name},`);
      expect(text).toContain('Your order ships on Monday. Café €5.');
    }
  });

  it('wraps long text over pages', async () => {
    const prepared = await channel.prepare(mailing(`{{ profile.name }}\n${'word '.repeat(6000)}`));
    expect(await prepared.send(message('+31201234569', 'Long', 3n))).toMatchObject({ kind: 'delivered' });
    const last = gateway.messages().find((m) => m.envelope.to[0] === '31201234569@fax.example.test')!;
    const { pages } = await pdfText((await gateway.parsed(last.id)).attachments[0]!.content);
    expect(pages).toBeGreaterThan(1);
  });

  it('fails an invalid number before sending, and classifies the gateway refusing a number', async () => {
    const prepared = await channel.prepare(mailing('Hello'));
    const before = gateway.messages().length;
    expect(await prepared.send(message('+31 20', 'X', 4n))).toMatchObject({ kind: 'hard', code: 'invalid-number' });
    expect(gateway.messages()).toHaveLength(before);
    expect(await prepared.send(message('+31201111111', 'X', 5n))).toMatchObject({ kind: 'hard' });
    await expect(channel.prepare(mailing(' '))).rejects.toThrow('The fax document has no text');
  });
});
