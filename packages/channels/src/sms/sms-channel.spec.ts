import { afterEach, describe, expect, it } from 'vitest';
import { startTwilioSimulator, type TwilioSimulator, type TwilioSimulatorOptions } from '@herald/twilio-simulator';
import type { ChannelMailing, ChannelMessage } from '../channel-port';
import { SmsChannel } from './sms-channel';

const accountSid = `AC${'2'.repeat(32)}`;
const authToken = 'sms-channel-spec';

function mailing(body: string | null): ChannelMailing {
  return {
    mailingId: 7,
    accountId: 1,
    trackingEnabled: false,
    senderDomain: null,
    content: { fromName: null, fromAddress: null, replyTo: null, subject: null, html: null, text: null, body },
  };
}

function message(address: string, firstname = 'Ada', destinationId = 1n): ChannelMessage {
  return {
    destinationId,
    address,
    trackingId: `7.${destinationId}`,
    profile: { id: 1, email: null, mobile: address, firstname },
    subprofile: null,
  };
}

describe('SmsChannel against the Twilio simulator, through the twilio library', () => {
  let simulator: TwilioSimulator | undefined;

  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  async function channelWith(
    options: Partial<TwilioSimulatorOptions> = {},
  ): Promise<{ channel: SmsChannel; sim: TwilioSimulator }> {
    simulator = await startTwilioSimulator({ accountSid, authToken, callbackDelayMs: [0, 0], ...options });
    const channel = new SmsChannel({
      accountSid,
      authToken,
      apiUrl: simulator.url,
      from: '+15005550006',
      statusCallbackUrl: (id) => `http://127.0.0.1:1/sms/status?d=${id}`,
      publicUrl: 'http://127.0.0.1:3000',
      trackingSecret: 's'.repeat(32),
      concurrency: 4,
      retry: { attempts: 4, firstDelayMs: 5, maxDelayMs: 20 },
    });
    return { channel, sim: simulator };
  }

  it('personalises the text, sends to the number in E.164 and answers with the message SID', async () => {
    const { channel, sim } = await channelWith();
    const prepared = await channel.prepare(mailing('Hi {{ profile.firstname }}, 20% off €5 today'));
    const outcome = await prepared.send(message('+31 6 12345678'));
    expect(outcome).toMatchObject({ kind: 'delivered', response: 'queued; 1 segment(s) GSM-7' });
    const [sent] = sim.messages();
    expect(sent).toMatchObject({ to: '+31612345678', from: '+15005550006', body: 'Hi Ada, 20% off €5 today' });
    expect(outcome.kind === 'delivered' && outcome.messageId).toBe(sent!.sid);
    expect(sent!.statusCallback).toBe('http://127.0.0.1:1/sms/status?d=7.1');
  });

  it('fails an invalid number before sending, with the reason', async () => {
    const { channel, sim } = await channelWith();
    const prepared = await channel.prepare(mailing('Hello'));
    expect(await prepared.send(message('+31 6 123'))).toMatchObject({
      kind: 'hard',
      code: 'invalid-number',
      text: expect.stringContaining('"+31 6 123" must be a phone number') as unknown,
    });
    expect(sim.messages()).toHaveLength(0);
  });

  it('refuses an empty document at prepare and a text too long to send', async () => {
    const { channel } = await channelWith();
    await expect(channel.prepare(mailing('  '))).rejects.toThrow('The SMS document has no text');
    await expect(channel.prepare(mailing('{% if %}'))).rejects.toThrow(/body/);
    const prepared = await channel.prepare(mailing('{{ profile.firstname }}'));
    expect(await prepared.send(message('+31612345678', 'x'.repeat(1601)))).toMatchObject({
      kind: 'not-composed',
      text: expect.stringContaining('1601 characters') as unknown,
    });
  });

  it("maps Twilio's refusals: invalid and non-mobile numbers are hard, a sender problem soft about us", async () => {
    const { channel } = await channelWith({
      fateOf: (to) =>
        to.endsWith('1')
          ? { refuse: { code: 21614, message: "'To' number is not a valid mobile number" } }
          : to.endsWith('2')
            ? { refuse: { code: 21606, message: "The 'From' phone number provided is not a valid SMS-capable number" } }
            : to.endsWith('3')
              ? { refuse: { code: 30008, message: 'Unknown error' } }
              : undefined,
    });
    const prepared = await channel.prepare(mailing('x'));
    expect(await prepared.send(message('+31612345671'))).toMatchObject({ kind: 'hard', code: '21614' });
    expect(await prepared.send(message('+31612345672'))).toMatchObject({
      kind: 'soft',
      code: '21606',
      senderSide: true,
    });
    expect(await prepared.send(message('+31612345673'))).toMatchObject({
      kind: 'soft',
      code: '30008',
      senderSide: false,
    });
  });

  it('backs off on 429 and sends every message once the rate allows', async () => {
    const { channel, sim } = await channelWith({ maxPerSecond: 5 });
    const prepared = await channel.prepare(mailing('x'));
    const unlimited = new SmsChannel({
      accountSid,
      authToken,
      apiUrl: sim.url,
      from: '+15005550006',
      statusCallbackUrl: (id) => `http://127.0.0.1:1/s?d=${id}`,
      publicUrl: 'http://127.0.0.1:3000',
      trackingSecret: 's'.repeat(32),
      concurrency: 4,
      retry: { attempts: 20, firstDelayMs: 50, maxDelayMs: 400 },
    });
    const patient = await unlimited.prepare(mailing('x'));
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => patient.send(message(`+316123456${String(i).padStart(2, '0')}`))),
    );
    expect(outcomes.every((o) => o.kind === 'delivered')).toBe(true);
    expect(sim.throttled()).toBeGreaterThan(0);
    expect(new Set(sim.messages().map((m) => m.to)).size).toBe(12);
    // Out of tries while still throttled: unavailable, so the batch waits and nothing counts against anyone.
    sim.setMaxPerSecond(1);
    const results = await Promise.all([1, 2, 3, 4].map((i) => prepared.send(message(`+3161234567${i}`))));
    expect(results.some((o) => o.kind === 'unavailable' && o.reason.includes('429'))).toBe(true);
  });

  it('is unavailable when Twilio cannot be reached', async () => {
    const { channel, sim } = await channelWith();
    await sim.close();
    simulator = undefined;
    const prepared = await channel.prepare(mailing('x'));
    expect(await prepared.send(message('+31612345678'))).toMatchObject({ kind: 'unavailable' });
  });
});
