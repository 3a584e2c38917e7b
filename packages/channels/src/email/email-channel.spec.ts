import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelMailing, ChannelMessage } from '../channel-port';
import { EmailChannel } from './email-channel';

describe('EmailChannel and the allowed sender domains', () => {
  let server: SMTPServer;
  let port: number;
  const received: string[] = [];
  const keysAskedFor: string[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          received.push(session.envelope.rcptTo[0]!.address);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const channelAllowing = (senderDomains: string[]): EmailChannel =>
    new EmailChannel({
      publicUrl: 'http://127.0.0.1:3000',
      trackingSecret: 't'.repeat(32),
      bounceDomain: 'bounces.herald.test',
      routeFor: () =>
        Promise.resolve({ settings: { host: '127.0.0.1', port, secure: false, maxConnections: 1 }, senderDomains }),
      dkimKeysFor: (_accountId, domain) => {
        keysAskedFor.push(domain);
        return Promise.resolve([]);
      },
    });

  const mailingFrom = (fromAddress: string): ChannelMailing => ({
    mailingId: 1,
    accountId: 1,
    content: {
      fromName: 'Bücherstube',
      fromAddress,
      replyTo: null,
      subject: 'Neu im Laden',
      html: '<p>Hallo</p><a href="{{ unsubscribe }}">Abmelden</a>',
      text: 'Hallo',
      body: null,
    },
    trackingEnabled: false,
    senderDomain: null,
  });

  const message = (n: number): ChannelMessage => ({
    destinationId: BigInt(n),
    address: `reader${n}@example.test`,
    trackingId: `1.${n}`,
    profile: { id: n, email: `reader${n}@example.test` },
    subprofile: null,
  });

  // A From address is ASCII (the document refuses others), so an internationalised domain is in punycode.
  it('sends from an internationalised domain whether it is allowed in Unicode or in punycode', async () => {
    for (const [n, allowed, from] of [
      [1, 'bücher.example', 'news@xn--bcher-kva.example'],
      [2, 'xn--bcher-kva.example', 'news@xn--bcher-kva.example'],
      [3, 'bücher.example', 'news@XN--Bcher-KVA.Example'],
    ] as const) {
      const channel = channelAllowing([allowed]);
      const prepared = await channel.prepare(mailingFrom(from));
      expect(await prepared.send(message(n)), `${from} allowed as ${allowed}`).toMatchObject({ kind: 'delivered' });
      channel.close();
    }
    expect(received).toEqual(['reader1@example.test', 'reader2@example.test', 'reader3@example.test']);
    // The keys are looked up by the domain as DNS knows it.
    expect(keysAskedFor).toEqual(['xn--bcher-kva.example', 'xn--bcher-kva.example', 'xn--bcher-kva.example']);
  });

  it('does not compose a message from a domain that is not allowed', async () => {
    const channel = channelAllowing(['bücher.example']);
    const prepared = await channel.prepare(mailingFrom('news@buecher.example'));
    const outcome = await prepared.send(message(4));
    channel.close();
    expect(outcome).toMatchObject({ kind: 'not-composed' });
    expect(outcome.kind === 'not-composed' && outcome.text).toContain('not in a configured sender domain');
    expect(received).not.toContain('reader4@example.test');
  });
});
