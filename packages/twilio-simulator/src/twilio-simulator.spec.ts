import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { startTwilioSimulator, type TwilioSimulator } from './twilio-simulator';

const accountSid = `AC${'1'.repeat(32)}`;
const authToken = 'simulator-token';

/** The real twilio client, pointed at the simulator. */
function clientFor(simulator: TwilioSimulator, token = authToken): twilio.Twilio {
  const client = twilio(accountSid, token);
  client.api.baseUrl = simulator.url;
  return client;
}

/** A receiver of callbacks that keeps what came and whether twilio's own check accepts the signature. */
interface Received {
  params: Record<string, string>;
  valid: boolean;
}

describe('the Twilio simulator, driven by the real twilio client', () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let simulator: TwilioSimulator | undefined;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(text));
        const url = `${receiverUrl}${req.url}`;
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        received.push({ params, valid: twilio.validateRequest(authToken, signature, url, params) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
    received.length = 0;
  });

  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('creates a message, answers as Twilio does, and fetches it again', async () => {
    simulator = await startTwilioSimulator({ accountSid, authToken, callbackDelayMs: [0, 0] });
    const client = clientFor(simulator);
    const message = await client.messages.create({ to: '+31612345678', from: '+15005550006', body: 'Hello' });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({ status: 'queued', to: '+31612345678', body: 'Hello', accountSid });
    const fetched = await client.messages(message.sid).fetch();
    expect(fetched.sid).toBe(message.sid);
    await expect(client.messages(`SM${'0'.repeat(32)}`).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it("refuses with Twilio's error bodies: bad credentials, invalid number, missing body", async () => {
    simulator = await startTwilioSimulator({ accountSid, authToken });
    await expect(
      clientFor(simulator, 'wrong').messages.create({ to: '+31612345678', from: '+15005550006', body: 'x' }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
    const client = clientFor(simulator);
    await expect(client.messages.create({ to: '0612', from: '+15005550006', body: 'x' })).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });
    await expect(client.messages.create({ to: '+31612345678', from: '+15005550006', body: '' })).rejects.toMatchObject({
      status: 400,
      code: 21602,
    });
    await expect(
      client.messages.create({ to: '+31612345678', from: '+15005550006', body: 'x'.repeat(1601) }),
    ).rejects.toMatchObject({ status: 400, code: 21617 });
    expect(simulator.messages()).toHaveLength(0);
  });

  it('answers 429 with code 20429 above the configured rate', async () => {
    simulator = await startTwilioSimulator({ accountSid, authToken, maxPerSecond: 3 });
    const client = clientFor(simulator);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.messages.create({ to: '+31612345678', from: '+1500', body: 'x' })),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    // Ten at once fall in one or two seconds: at most six get through.
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ status: 429, code: 20429 });
    expect(simulator.throttled()).toBe(refused.length);
  });

  it('posts signed status callbacks, sent then the final status with its error code', async () => {
    simulator = await startTwilioSimulator({
      accountSid,
      authToken,
      callbackDelayMs: [1, 5],
      fateOf: (to) =>
        to.endsWith('2')
          ? { final: { status: 'undelivered', errorCode: 30003 } }
          : to.endsWith('3')
            ? { final: { status: 'sent' } } // a carrier without delivery reports
            : { final: { status: 'delivered' } },
    });
    const client = clientFor(simulator);
    const ok = await client.messages.create({
      to: '+31612345671',
      from: '+1500',
      body: 'a',
      statusCallback: `${receiverUrl}/status?d=1`,
    });
    const lost = await client.messages.create({
      to: '+31612345672',
      from: '+1500',
      body: 'b',
      statusCallback: `${receiverUrl}/status?d=2`,
    });
    const unreported = await client.messages.create({
      to: '+31612345673',
      from: '+1500',
      body: 'c',
      statusCallback: `${receiverUrl}/status?d=3`,
    });
    await simulator.idle();
    expect(received.every((r) => r.valid)).toBe(true);
    const statuses = (sid: string): string[] =>
      received.filter((r) => r.params['MessageSid'] === sid).map((r) => r.params['MessageStatus']!);
    expect(statuses(ok.sid)).toEqual(['sent', 'delivered']);
    expect(statuses(lost.sid)).toEqual(['sent', 'undelivered']);
    expect(statuses(unreported.sid)).toEqual(['sent']);
    expect((await client.messages(unreported.sid).fetch()).status).toBe('sent');
    expect(received.find((r) => r.params['MessageStatus'] === 'undelivered')?.params['ErrorCode']).toBe('30003');
    expect((await client.messages(lost.sid).fetch()).errorCode).toBe(30003);
  });

  it('draws outcomes from a weighted mix, repeatably for a seed', async () => {
    const mix = [
      { weight: 3, final: { status: 'delivered' as const } },
      { weight: 1, final: { status: 'failed' as const, errorCode: 30006 } },
    ];
    const run = async (): Promise<string[]> => {
      const sim = await startTwilioSimulator({ accountSid, authToken, mix, seed: 7, callbackDelayMs: [0, 0] });
      const client = clientFor(sim);
      for (let i = 0; i < 40; i++) await client.messages.create({ to: '+31612345678', from: '+1500', body: 'x' });
      await sim.idle();
      const result = sim.messages().map((m) => m.status);
      await sim.close();
      return result;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failed = first.filter((s) => s === 'failed').length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(20);
  });

  it('posts a signed inbound reply', async () => {
    simulator = await startTwilioSimulator({ accountSid, authToken, inboundUrl: `${receiverUrl}/inbound` });
    expect(await simulator.reply({ from: '+31612345678', to: '+15005550006', body: 'STOP' })).toBe(204);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ valid: true, params: { Body: 'STOP', From: '+31612345678' } });
  });
});
