// `npm run bench -- sms [messages=5000] [--herald-only]`
// SMS messages handed to the Twilio simulator (its own process, no rate limit, no callbacks) per second:
// (a) a bare loop of the twilio client's messages.create with SMS_CONCURRENCY in flight, the baseline;
// (a′) the same loop on the transport Herald gives the library (TwilioHttpClient), so the pipeline's own
// cost shows apart from the transport's; Herald from POST /mailings/:id/send to the last message the simulator created (API and worker in
// their own processes, through the same twilio library). Then callbacks ingested per second: signed
// delivery reports (`delivered`) posted to the API for half the messages, until the last is answered
// (each is stored first), and `failed` callbacks for the other half, until the last ERROR event is stored.
import twilio from 'twilio';
import { createTestDatabase } from '@herald/db/testing';
import { SIMULATED_TWILIO } from '../packages/config/src/config.schema';
import { twilioSignature } from '../packages/twilio-simulator/src/twilio-simulator';
import { hashPassword } from '../apps/api/src/common/auth/passwords';
import { TwilioHttpClient } from '../packages/channels/src/sms/twilio-http-client';
import { freePort, machineCpuSeconds, ratio, requireBuild, secrets, startChild, type Child } from './support';

const IN_FLIGHT = 16; // SMS_CONCURRENCY's default
const CALLBACKS_IN_FLIGHT = 32;
const BODY = 'Hi Name, 20% off in our shop today only. Reply STOP to opt out.';
// A number, not a sender id: a text that asks for a STOP reply must come from one (the issue checker's rule).
const FROM = '+15005550006';

const mobileOf = (i: number): string => `+3162${String(i).padStart(7, '0')}`;

async function simulatorCount(url: string): Promise<number> {
  return ((await (await fetch(`${url}/simulator/count`)).json()) as { messages: number }).messages;
}

async function runInFlight(n: number, inFlight: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function bareLoop(n: number, simulatorUrl: string, httpClient?: TwilioHttpClient): Promise<number> {
  const client = twilio(
    SIMULATED_TWILIO.accountSid,
    SIMULATED_TWILIO.authToken,
    httpClient ? { httpClient } : { keepAlive: true },
  );
  client.api.baseUrl = simulatorUrl;
  return runInFlight(n, IN_FLIGHT, (i) =>
    client.messages.create({
      to: mobileOf(i),
      from: FROM,
      body: BODY.replace('Name', `Name${i}`),
      statusCallback: `http://127.0.0.1:9/sms/status?d=1.${i}`,
    }),
  );
}

async function herald(
  n: number,
  simulatorUrl: string,
): Promise<{
  sendSeconds: number;
  firstSeconds: number;
  /** Delivery reports posted, and the time until the last was answered (each is stored before its answer). */
  reports: number;
  reportSeconds: number;
  /** Failure callbacks posted, and the time until the last one's ERROR event was stored. */
  failures: number;
  callbackSeconds: number;
  workerCpuMs: number;
  machineCpuMs: number;
}> {
  const db = await createTestDatabase();
  let api: Child | undefined;
  let worker: Child | undefined;
  try {
    const account = await db.prisma.account.create({ data: { name: 'Bench' } });
    await db.prisma.user.create({
      data: {
        accountId: account.id,
        email: 'bench@herald.example',
        name: 'Bench',
        role: 'ADMIN',
        passwordHash: await hashPassword('bench-password-1'),
      },
    });
    const database = await db.prisma.database.create({ data: { accountId: account.id, name: 'Bench' } });
    await db.prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", mobile, values, "updatedAt")
      SELECT ${account.id}, ${database.id}, '+3162' || lpad(i::text, 7, '0'), jsonb_build_object('firstname', 'Name' || i), now()
      FROM generate_series(0, ${n - 1}) AS i`;
    const document = await db.prisma.document.create({
      data: {
        accountId: account.id,
        name: 'Bench SMS',
        channel: 'SMS',
        versions: {
          create: { accountId: account.id, version: 1, body: BODY.replace('Name', '{{ profile.firstname }}') },
        },
      },
    });
    const apiPort = await freePort();
    const publicUrl = `http://127.0.0.1:${apiPort}`;
    const env = {
      ...secrets(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      API_PORT: String(apiPort),
      PUBLIC_URL: publicUrl,
      INBOUND_SMTP_PORT: '0',
      TWILIO_ACCOUNT_SID: SIMULATED_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: SIMULATED_TWILIO.authToken,
      TWILIO_API_URL: simulatorUrl,
      TWILIO_FROM: FROM,
    };
    api = await startChild('apps/api/dist/main.js', env, /Herald API listening/);
    worker = await startChild('apps/worker/dist/main.js', env, /Herald worker ready/);
    const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
      const res = await fetch(publicUrl + path, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const { token } = await call<{ token: string }>('POST', '/auth/login', undefined, {
      email: 'bench@herald.example',
      password: 'bench-password-1',
    });
    const mailing = await call<{ id: number }>('POST', '/mailings', token, {
      name: 'Bench',
      documentId: document.id,
      targetType: 'DATABASE',
      databaseId: database.id,
    });
    const before = await simulatorCount(simulatorUrl);
    const workerCpu = worker.cpuSeconds();
    const machineCpu = machineCpuSeconds();
    const started = performance.now();
    await call('POST', `/mailings/${mailing.id}/send`, token);
    // The first message apart: before it come the send's checks and the dispatch, after it the sending.
    let firstSeconds: number | null = null;
    for (;;) {
      const created = (await simulatorCount(simulatorUrl)) - before;
      if (created > 0 && firstSeconds === null) firstSeconds = (performance.now() - started) / 1000;
      if (created >= n) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const sendSeconds = (performance.now() - started) / 1000;
    const workerCpuMs = ((worker.cpuSeconds() - workerCpu) * 1000) / n;
    const machineCpuMs = ((machineCpuSeconds() - machineCpu) * 1000) / n;

    // Every destination recorded SENT with its SID before callbacks name them.
    let destinations: Array<{ id: bigint; providerMessageId: string | null }> = [];
    for (;;) {
      destinations = await db.prisma.destination.findMany({
        where: { mailingId: mailing.id, status: 'SENT' },
        select: { id: true, providerMessageId: true },
      });
      if (destinations.length >= n) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const statuses = await db.prisma.destination.groupBy({
      by: ['status'],
      where: { mailingId: mailing.id },
      _count: { _all: true },
    });
    console.log(
      `Herald delivery check: destinations ${statuses.map((s) => `${s.status} ${s._count._all}`).join(', ')}`,
    );

    // Signed status callbacks, as Twilio posts them; the answer comes once the status is recorded.
    let answeredOther = 0;
    const post = (list: typeof destinations, status: string, errorCode?: string) =>
      runInFlight(list.length, CALLBACKS_IN_FLIGHT, async (i) => {
        const d = list[i]!;
        const url = `${publicUrl}/sms/status?d=${mailing.id}.${d.id}`;
        const params: Record<string, string> = { MessageSid: d.providerMessageId!, MessageStatus: status };
        if (errorCode) params['ErrorCode'] = errorCode;
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilioSignature(SIMULATED_TWILIO.authToken, url, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        await res.arrayBuffer();
        if (res.status !== 204) answeredOther++;
      });
    // Half get a delivery report (stored by the API before it answers), the other half fail (folded by the worker).
    const reported = destinations.slice(0, Math.floor(destinations.length / 2));
    const failing = destinations.slice(reported.length);
    const reportsStarted = performance.now();
    await post(reported, 'delivered');
    const reportSeconds = (performance.now() - reportsStarted) / 1000;
    const confirmed = await db.prisma.destination.count({
      where: { mailingId: mailing.id, deliveryConfirmedAt: { not: null } },
    });
    if (confirmed !== reported.length) console.log(`delivery reports stored: ${confirmed} of ${reported.length}`);
    const callbacksStarted = performance.now();
    await post(failing, 'failed', '30003');
    while ((await db.prisma.event.count({ where: { mailingId: mailing.id, type: 'ERROR' } })) < failing.length) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const callbackSeconds = (performance.now() - callbacksStarted) / 1000;
    if (answeredOther > 0) console.log(`callbacks answered other than 204: ${answeredOther}`);
    return {
      sendSeconds,
      firstSeconds: firstSeconds ?? sendSeconds,
      reports: reported.length,
      reportSeconds,
      failures: failing.length,
      callbackSeconds,
      workerCpuMs,
      machineCpuMs,
    };
  } finally {
    await worker?.stop();
    await api?.stop();
    await db.drop();
  }
}

export default async function smsBench(args: string[]): Promise<void> {
  requireBuild('apps/api/dist/main.js', 'apps/worker/dist/main.js', 'packages/twilio-simulator/dist/cli.js');
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 5_000);
  const heraldOnly = args.includes('--herald-only');
  const port = await freePort();
  const simulator = await startChild(
    'packages/twilio-simulator/dist/cli.js',
    { ...secrets(), DATABASE_URL: 'postgresql://unused@127.0.0.1/unused' },
    /Twilio simulator listening/,
    ['--port', String(port), '--max-per-second', '0', '--no-callbacks'],
  );
  const simulatorUrl = `http://127.0.0.1:${port}`;
  try {
    console.log(
      `sms benchmark: ${n} messages, ${IN_FLIGHT} in flight, Twilio simulator in its own process (no rate limit, no callbacks)`,
    );
    let a = 0;
    let aSameTransport = 0;
    if (!heraldOnly) {
      a = n / (await bareLoop(n, simulatorUrl));
      console.log(`(a) bare twilio client messages.create: ${a.toFixed(0)} msg/s`);
      const http = new TwilioHttpClient();
      aSameTransport = n / (await bareLoop(n, simulatorUrl, http));
      http.destroy();
      console.log(`(a′) the same on Herald's transport (TwilioHttpClient): ${aSameTransport.toFixed(0)} msg/s`);
    }
    const h = await herald(n, simulatorUrl);
    const rate = n / h.sendSeconds;
    console.log(
      `Herald (POST /send → last message created): ${rate.toFixed(0)} msg/s in ${h.sendSeconds.toFixed(1)} s`,
    );
    const sending = (n - 1) / Math.max(0.001, h.sendSeconds - h.firstSeconds);
    console.log(
      `  of which: first message after ${h.firstSeconds.toFixed(1)} s (checks, dispatch), then ${sending.toFixed(0)} msg/s`,
    );
    if (!heraldOnly)
      console.log(`ratio Herald/(a) = ${ratio(rate, a)} (target ≥ 0.8), Herald/(a′) = ${ratio(rate, aSameTransport)}`);
    console.log(
      `Herald CPU per message: worker ${h.workerCpuMs.toFixed(2)} ms, machine ${h.machineCpuMs.toFixed(2)} ms`,
    );
    console.log(
      `delivery reports stored (signed POST → deliveryConfirmedAt): ${(h.reports / h.reportSeconds).toFixed(0)}/s, ${h.reports} in ${h.reportSeconds.toFixed(1)} s, ${CALLBACKS_IN_FLIGHT} in flight`,
    );
    console.log(
      `failure callbacks ingested (signed POST → ERROR event stored): ${(h.failures / h.callbackSeconds).toFixed(0)}/s, ${h.failures} in ${h.callbackSeconds.toFixed(1)} s, ${CALLBACKS_IN_FLIGHT} in flight`,
    );
  } finally {
    await simulator.stop();
  }
}
