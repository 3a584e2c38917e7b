import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

/** How a message ends, as its last status callback says. */
/**
 * How a message ends: delivered, undelivered or failed with a code, or `sent` for a carrier that never
 * sends a delivery report (the message stays at `sent`, as on Twilio).
 */
export type SimulatedFinal =
  { status: 'delivered' | 'sent' } | { status: 'undelivered' | 'failed'; errorCode: number; errorMessage?: string };

/** What the simulator does with one message: refuse it at once (REST error), or accept it and end it so. */
export type SimulatedFate = { refuse: { code: number; message: string } } | { final: SimulatedFinal };

export interface TwilioSimulatorOptions {
  accountSid: string;
  authToken: string;
  port?: number;
  host?: string;
  /** Message creations per second above which the API answers 429 (code 20429); 0: no limit. */
  maxPerSecond?: number;
  /** Fates drawn by weight for numbers `fateOf` says nothing about (default: all delivered). */
  mix?: Array<{ weight: number; final: SimulatedFinal }>;
  /** A fate chosen by number (a test's script); undefined falls back to the mix. */
  fateOf?: (to: string, body: string) => SimulatedFate | undefined;
  /** Delay before the `sent` callback and again before the final one, in ms (drawn between the two). */
  callbackDelayMs?: [number, number];
  /** Seeds the draws of the mix and the delays, so a run can be repeated. */
  seed?: number;
  /** Where inbound replies are posted (Twilio's number's "A message comes in" webhook). */
  inboundUrl?: string;
  /** Post status callbacks (default true); false keeps only the REST side, for a benchmark's send phase. */
  callbacks?: boolean;
}

export interface SimulatedMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface CallbackDelivery {
  url: string;
  params: Record<string, string>;
  /** The HTTP status the receiver answered, or 0 when it could not be reached. */
  answered: number;
}

export interface TwilioSimulator {
  /** Base URL of the REST API: give it to the twilio client as its API base URL. */
  readonly url: string;
  /** Every message created, in order. */
  messages(): SimulatedMessage[];
  /** Requests answered 429, in all. */
  throttled(): number;
  /** Every callback posted, with the answer it got. */
  callbacks(): CallbackDelivery[];
  /** Resolves when no callback is waiting or in flight. */
  idle(): Promise<void>;
  /** Posts a signed inbound message, as Twilio does when a handset replies; returns the receiver's status. */
  reply(input: { from: string; to: string; body: string; url?: string }): Promise<number>;
  setMaxPerSecond(value: number): void;
  close(): Promise<void>;
}

const API_VERSION = '2010-04-01';
const MAX_BODY_CHARACTERS = 1_600;
const MAX_REQUEST_BYTES = 64 * 1024;
const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

/** A small seeded generator (mulberry32): repeatable mixes and delays. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** X-Twilio-Signature of a request, as Twilio computes it (the twilio library's own function): for tests that forge one. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

function sidOf(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Twilio's error body: code, message, more_info, status. */
function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A local stand-in for the part of Twilio's REST API Herald uses: create a message, fetch it; with
 * basic auth, Twilio's JSON and error bodies, 429 above a rate, and signed status callbacks and
 * inbound replies (X-Twilio-Signature computed by the twilio library itself).
 */
export async function startTwilioSimulator(options: TwilioSimulatorOptions): Promise<TwilioSimulator> {
  // Two streams, so the fate of the n-th message does not depend on when callbacks were timed.
  const random = seeded(options.seed ?? 1);
  const randomDelay = seeded((options.seed ?? 1) + 1);
  const [minDelay, maxDelay] = options.callbackDelayMs ?? [50, 200];
  const mix = options.mix ?? [{ weight: 1, final: { status: 'delivered' } }];
  const mixTotal = mix.reduce((sum, m) => sum + m.weight, 0);
  let maxPerSecond = options.maxPerSecond ?? 0;
  const byId = new Map<string, SimulatedMessage>();
  const created: SimulatedMessage[] = [];
  const delivered: CallbackDelivery[] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let window = { second: 0, count: 0 };
  let throttled = 0;
  let closing = false;

  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  const delay = (): number => Math.round(minDelay + randomDelay() * (maxDelay - minDelay));

  function draw(): SimulatedFinal {
    let r = random() * mixTotal;
    for (const m of mix) {
      r -= m.weight;
      if (r < 0) return m.final;
    }
    return mix[mix.length - 1]!.final;
  }

  function resource(m: SimulatedMessage): Record<string, unknown> {
    return {
      account_sid: options.accountSid,
      api_version: API_VERSION,
      body: m.body,
      date_created: m.dateCreated.toUTCString().replace('GMT', '+0000'),
      date_sent: m.status === 'queued' ? null : m.dateUpdated.toUTCString().replace('GMT', '+0000'),
      date_updated: m.dateUpdated.toUTCString().replace('GMT', '+0000'),
      direction: 'outbound-api',
      error_code: m.errorCode,
      error_message: m.errorMessage,
      from: m.from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: null,
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `/${API_VERSION}/Accounts/${options.accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `/${API_VERSION}/Accounts/${options.accountSid}/Messages/${m.sid}.json`,
    };
  }

  /** Posts form parameters signed as Twilio signs them; a receiver that cannot be reached answers 0. */
  async function postSigned(url: string, params: Record<string, string>): Promise<number> {
    const signature = twilioSignature(options.authToken, url, params);
    let answered = 0;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signature,
          'User-Agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
      });
      await response.arrayBuffer();
      answered = response.status;
    } catch {
      answered = 0;
    }
    delivered.push({ url, params, answered });
    return answered;
  }

  function later(ms: number, work: () => Promise<void>): void {
    let done!: () => void;
    const tracked = new Promise<void>((resolve) => (done = resolve));
    pending.add(tracked);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void work().finally(() => {
        pending.delete(tracked);
        done();
      });
    }, ms);
    timers.add(timer);
  }

  function callback(m: SimulatedMessage): Promise<void> {
    if (!m.statusCallback || closing || options.callbacks === false) return Promise.resolve();
    const params: Record<string, string> = {
      AccountSid: options.accountSid,
      ApiVersion: API_VERSION,
      From: m.from,
      To: m.to,
      MessageSid: m.sid,
      SmsSid: m.sid,
      MessageStatus: m.status,
      SmsStatus: m.status,
    };
    if (m.errorCode !== null) params['ErrorCode'] = String(m.errorCode);
    return postSigned(m.statusCallback, params).then(() => undefined);
  }

  function schedule(m: SimulatedMessage, final: SimulatedFinal): void {
    later(delay(), async () => {
      m.status = 'sent';
      m.dateUpdated = new Date();
      await callback(m);
      if (final.status === 'sent') return;
      later(delay(), async () => {
        m.status = final.status;
        m.dateUpdated = new Date();
        if (final.status === 'undelivered' || final.status === 'failed') {
          m.errorCode = final.errorCode;
          m.errorMessage = final.errorMessage ?? null;
        }
        await callback(m);
      });
    });
  }

  function overRate(): boolean {
    if (maxPerSecond <= 0) return false;
    const second = Math.floor(Date.now() / 1000);
    if (window.second !== second) window = { second, count: 0 };
    window.count++;
    return window.count > maxPerSecond;
  }

  async function createMessage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (text === null) return twilioError(res, 413, 20001, 'Request body too large');
    if (overRate()) {
      throttled++;
      return twilioError(res, 429, 20429, 'Too Many Requests');
    }
    const form = new URLSearchParams(text);
    const to = form.get('To');
    const from = form.get('From') ?? form.get('MessagingServiceSid');
    const body = form.get('Body');
    if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!from) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(res, 400, 21602, 'Message body is required.');
    if ([...body].length > MAX_BODY_CHARACTERS)
      return twilioError(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (!E164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    const fate = options.fateOf?.(to, body) ?? { final: draw() };
    if ('refuse' in fate) return twilioError(res, 400, fate.refuse.code, fate.refuse.message);
    const now = new Date();
    const message: SimulatedMessage = {
      sid: sidOf('SM'),
      to,
      from,
      body,
      status: 'queued',
      errorCode: null,
      errorMessage: null,
      statusCallback: form.get('StatusCallback'),
      dateCreated: now,
      dateUpdated: now,
    };
    byId.set(message.sid, message);
    created.push(message);
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(resource(message)));
    schedule(message, fate.final);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    // Not Twilio's: how many messages were created and refused, for benchmarks and a curious developer.
    if (path === '/simulator/count' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ messages: created.length, throttled, callbacks: delivered.length }));
      return;
    }
    const list = MESSAGES_PATH.exec(path);
    const one = MESSAGE_PATH.exec(path);
    if (!list && !one) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    const auth = req.headers.authorization ?? '';
    if (!sameText(auth, expectedAuth)) return twilioError(res, 401, 20003, 'Authenticate');
    const accountSid = (list ?? one)![1];
    if (accountSid !== options.accountSid)
      return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    if (list && req.method === 'POST') return createMessage(req, res);
    if (one && req.method === 'GET') {
      const message = byId.get(one[2]!);
      if (!message) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(resource(message)));
      return;
    }
    return twilioError(res, 405, 20004, 'Method not allowed');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) twilioError(res, 500, 20500, 'Internal Server Error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    messages: () => [...created],
    throttled: () => throttled,
    callbacks: () => [...delivered],
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async reply({ from, to, body, url }) {
      const target = url ?? options.inboundUrl;
      if (!target) throw new Error('No inbound URL: pass one or set inboundUrl');
      const sid = sidOf('SM');
      return postSigned(target, {
        AccountSid: options.accountSid,
        ApiVersion: API_VERSION,
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        From: from,
        To: to,
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
      });
    },
    setMaxPerSecond(value) {
      maxPerSecond = value;
    },
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...pending].map((p) => Promise.race([p, Promise.resolve()])));
      pending.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
