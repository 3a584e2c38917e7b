// `npm run bench -- send [recipients] [--herald-only] [--non-ascii] [--dkim]`
// Herald from POST /mailings/:id/send to the last message accepted by a local SMTP sink, beside two
// baselines to the same sink in the same run: (a) a bare loop of nodemailer sendMail over pooled
// connections, (b) the same loop sending pre-built raw messages. Prints messages per second, the
// ratios, and the worker's peak memory. With --dkim every message is signed (RSA-2048, relaxed/relaxed):
// Herald's through a sender domain of the bench account, the baselines through nodemailer's `dkim`
// option ((b)'s messages signed while they are built, before the clock starts), and a third baseline
// (b′): (b)'s messages signed in the loop, one body hash and one RSA signature per message through
// node:crypto's thread pool, the least a signer must do per message, which (b) does before the clock.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createTestDatabase } from '@herald/db/testing';
import { hashPassword } from '../apps/api/src/common/auth/passwords';
import {
  cpuSecondsOf,
  freePort,
  machineCpuSeconds,
  ratio,
  requireBuild,
  secrets,
  startChild,
  type Child,
} from './support';

const CONNECTIONS = 4;
const IN_FLIGHT = 8;
const SENDER_DOMAIN = 'herald.example';

/** nodemailer's DKIM options for the baselines with --dkim: a fresh RSA-2048 key, as Herald generates. */
type BaselineDkim = { domainName: string; keySelector: string; privateKey: string } | undefined;
function baselineDkim(): NonNullable<BaselineDkim> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    domainName: SENDER_DOMAIN,
    keySelector: 'bench',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The newsletter; with `nonAscii` it greets in Dutch with an é and a € (every part then goes quoted-printable). */
function newsletterHtml(nonAscii = false): string {
  const items = Array.from(
    { length: 10 },
    (_, i) => `<tr><td style="padding:12px"><h2 style="font-family:Arial;color:#333">Article ${i + 1}</h2>
      <p style="font-family:Arial;color:#555;line-height:1.5">${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4)}</p>
      <a href="https://example.com/articles/${i + 1}?utm_source=newsletter" style="color:#06c">Read more</a></td></tr>`,
  ).join('\n');
  return `<html><head><style>td { border-bottom: 1px solid #eee }</style></head><body>
    <table width="600"><tr><td><p>${nonAscii ? 'Beste' : 'Dear'} {{ firstname }},</p><p>${nonAscii ? 'Het nieuws uit {{ city }}, met € 10 korting voor wie vóór vrijdag bestelt.' : 'Here is the news from {{ city }}.'}</p></td></tr>${items}
    <tr><td><a href="{{ unsubscribe }}">Unsubscribe</a></td></tr></table></body></html>`;
}

async function countAccepted(httpPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/count`);
  return ((await res.json()) as { messages: number }).messages;
}

async function resetSink(httpPort: number): Promise<void> {
  await fetch(`http://127.0.0.1:${httpPort}/api/messages`, { method: 'DELETE' });
}

/** Runs `send(i)` for i < n with at most IN_FLIGHT at once, like a pooled sender does. */
async function loop(n: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) await send(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function baselineComposed(n: number, smtpPort: number, html: string, dkim: BaselineDkim): Promise<number> {
  const transport = nodemailer.createTransport({
    dkim,
    pool: true,
    host: '127.0.0.1',
    port: smtpPort,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity,
  });
  const seconds = await loop(n, (i) =>
    transport.sendMail({
      from: { name: 'Herald', address: 'news@herald.example' },
      to: `p${i}@example.test`,
      subject: `Hello Name${i}`,
      html: html.replace('{{ firstname }}', `Name${i}`).replace('{{ city }}', 'Utrecht'),
      text: `Dear Name${i}`,
    }),
  );
  transport.close();
  return seconds;
}

async function baselineRaw(n: number, smtpPort: number, html: string, dkim: BaselineDkim): Promise<number> {
  // Pre-built (and signed) before the clock starts: a thousand distinct raw messages, cycled.
  const message = (i: number) => ({
    from: 'Herald <news@herald.example>',
    to: `p${i}@example.test`,
    subject: `Hello Name${i}`,
    html: html.replace('{{ firstname }}', `Name${i}`),
    text: `Dear Name${i}`,
  });
  const signer = dkim && nodemailer.createTransport({ streamTransport: true, buffer: true, dkim });
  const raws = await Promise.all(
    Array.from({ length: 1000 }, async (_, i) =>
      signer ? ((await signer.sendMail(message(i))).message as Buffer) : new MailComposer(message(i)).compile().build(),
    ),
  );
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port: smtpPort,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity,
  });
  const seconds = await loop(n, (i) =>
    transport.sendMail({
      envelope: { from: 'news@herald.example', to: `p${i}@example.test` },
      raw: raws[i % raws.length]!,
    }),
  );
  transport.close();
  return seconds;
}

/**
 * (b′) with --dkim: the pre-built raw messages of (b), unsigned, each signed while the clock runs: the
 * body's SHA-256 and an RSA-SHA256 signature over the signed header fields, made in libuv's thread pool
 * as Herald makes its own, then sent as (b) sends. No canonicalisation beyond what the hash needs:
 * it is the floor of signing's cost, not a full DKIM implementation.
 */
async function baselineRawSignedInLoop(
  n: number,
  smtpPort: number,
  html: string,
  dkim: NonNullable<BaselineDkim>,
): Promise<number> {
  const key = createPrivateKey(dkim.privateKey);
  const raws = Array.from({ length: 1000 }, (_, i) =>
    new MailComposer({
      from: 'Herald <news@herald.example>',
      to: `p${i}@example.test`,
      subject: `Hello Name${i}`,
      html: html.replace('{{ firstname }}', `Name${i}`),
      text: `Dear Name${i}`,
    })
      .compile()
      .build(),
  );
  const built = await Promise.all(raws);
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port: smtpPort,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity,
  });
  const signed = (raw: Buffer, i: number): Promise<Buffer> => {
    const split = raw.indexOf('\r\n\r\n');
    const bodyHash = createHash('sha256')
      .update(raw.subarray(split + 4))
      .digest('base64');
    const field = `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${dkim.domainName}; s=${dkim.keySelector}; h=from:to:subject:date:message-id:mime-version:content-type; bh=${bodyHash}; b=`;
    const headers = `${raw.subarray(0, split).toString('latin1').toLowerCase()}\r\ndkim-signature:${field}${i}`;
    return new Promise((resolve, reject) =>
      sign('sha256', Buffer.from(headers, 'latin1'), key, (error, signature) =>
        error
          ? reject(error)
          : resolve(Buffer.concat([Buffer.from(`DKIM-Signature: ${field}${signature.toString('base64')}\r\n`), raw])),
      ),
    );
  };
  const seconds = await loop(n, async (i) =>
    transport.sendMail({
      envelope: { from: 'news@herald.example', to: `p${i}@example.test` },
      raw: await signed(built[i % built.length]!, i),
    }),
  );
  transport.close();
  return seconds;
}

async function herald(
  n: number,
  sink: { smtpPort: number; httpPort: number; cpuSeconds: () => number },
  html: string,
  dkim: boolean,
): Promise<{
  seconds: number;
  workerPeakMiB: number;
  apiPeakMiB: number;
  workerCpuMsPerMessage: number;
  sinkCpuMsPerMessage: number;
  machineCpuMsPerMessage: number;
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
      INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt")
      SELECT ${account.id}, ${database.id}, 'p' || i || '@example.test', jsonb_build_object('firstname', 'Name' || i, 'city', 'Utrecht'), now()
      FROM generate_series(1, ${n}) AS i`;
    const apiPort = await freePort();
    const env = {
      ...secrets(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      API_PORT: String(apiPort),
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      SMTP_PORT: String(sink.smtpPort),
      INBOUND_SMTP_PORT: '0',
    };
    api = await startChild('apps/api/dist/main.js', env, /Herald API listening/);
    worker = await startChild('apps/worker/dist/main.js', env, /Herald worker ready/);
    const base = `http://127.0.0.1:${apiPort}`;
    const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
      const res = await fetch(base + path, {
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
    // With a sender domain for the From address, the worker signs every message with its key.
    if (dkim) await call('POST', '/sender-domains', token, { domain: SENDER_DOMAIN });
    const document = await call<{ id: number }>('POST', '/documents', token, {
      name: 'Bench',
      fromName: 'Herald',
      fromAddress: 'news@herald.example',
      subject: 'Hello {{ firstname }}',
      html,
    });
    const mailing = await call<{ id: number }>('POST', '/mailings', token, {
      name: 'Bench',
      documentId: document.id,
      targetType: 'DATABASE',
      databaseId: database.id,
    });
    // As a marketer does in the check step: warnings acknowledged, or the send is refused (issue 17).
    const check = await call<{ findings: { severity: string; key: string; acknowledged: boolean }[] }>(
      'POST',
      `/mailings/${mailing.id}/check`,
      token,
    );
    const keys = check.findings.filter((f) => f.severity === 'warning' && !f.acknowledged).map((f) => f.key);
    if (keys.length) await call('POST', `/mailings/${mailing.id}/check/acknowledgements`, token, { keys });
    await resetSink(sink.httpPort);
    const workerCpuBefore = worker.cpuSeconds();
    const machineBefore = machineCpuSeconds();
    const sinkBefore = sink.cpuSeconds();
    const started = performance.now();
    await call('POST', `/mailings/${mailing.id}/send`, token);
    while ((await countAccepted(sink.httpPort)) < n) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const machineCpuMsPerMessage = ((machineCpuSeconds() - machineBefore) * 1000) / n;
    const sinkCpuMsPerMessage = ((sink.cpuSeconds() - sinkBefore) * 1000) / n;
    // Nothing lost or doubled: after a pause for stragglers, every address got exactly one message and
    // every destination ended SENT once (WORKER_PROCESSES > 1 runs several processes on one mailing).
    await new Promise((r) => setTimeout(r, 3_000));
    const caught = (await (await fetch(`http://127.0.0.1:${sink.httpPort}/api/count`)).json()) as {
      messages: number;
      distinctRecipients: number;
    };
    const statuses = await db.prisma.destination.groupBy({
      by: ['status'],
      where: { mailingId: mailing.id },
      _count: { _all: true },
    });
    console.log(
      `Herald delivery check: ${caught.messages} messages to ${caught.distinctRecipients} distinct addresses of ${n}; lost: ${n - caught.distinctRecipients}, doubled: ${caught.messages - caught.distinctRecipients}; destinations ${statuses.map((s) => `${s.status} ${s._count._all}`).join(', ')}`,
    );
    const phases = await db.prisma.mailing.findUniqueOrThrow({
      where: { id: mailing.id },
      select: { queuedAt: true, dispatchedAt: true, finishedAt: true },
    });
    const ms = (a: Date | null, b: Date | null): string =>
      a && b ? `${((b.getTime() - a.getTime()) / 1000).toFixed(1)} s` : '–';
    console.log(
      `Herald phases: dispatch (destinations written, jobs queued) ${ms(phases.queuedAt, phases.dispatchedAt)}, sending ${ms(phases.dispatchedAt, phases.finishedAt)}`,
    );
    return {
      seconds,
      workerPeakMiB: worker.peakRssMiB(),
      apiPeakMiB: api.peakRssMiB(),
      workerCpuMsPerMessage: ((worker.cpuSeconds() - workerCpuBefore) * 1000) / n,
      sinkCpuMsPerMessage,
      machineCpuMsPerMessage,
    };
  } finally {
    await worker?.stop();
    await api?.stop();
    await db.drop();
  }
}

export default async function sendBench(args: string[]): Promise<void> {
  requireBuild('apps/api/dist/main.js', 'apps/worker/dist/main.js', 'packages/mail-catcher/dist/cli.js');
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const heraldOnly = args.includes('--herald-only');
  const nonAscii = args.includes('--non-ascii');
  const dkim = args.includes('--dkim');
  const dkimOptions = dkim ? baselineDkim() : undefined;
  const html = newsletterHtml(nonAscii);
  const sinkSmtp = await freePort();
  const sinkHttp = await freePort();
  const sink = await startChild('packages/mail-catcher/dist/cli.js', {}, /listening|started|ready/i, [
    '--smtp-port',
    String(sinkSmtp),
    '--http-port',
    String(sinkHttp),
    '--keep',
    'none',
  ]);
  try {
    const ports = { smtpPort: sinkSmtp, httpPort: sinkHttp, cpuSeconds: () => sink.cpuSeconds() };
    console.log(
      `send benchmark: ${n} recipients, ${CONNECTIONS} SMTP connections, ${IN_FLIGHT} messages in flight, sink in its own process${nonAscii ? ', document with non-ASCII text' : ''}${dkim ? ', every message DKIM-signed (RSA-2048)' : ''}`,
    );
    let a = 0;
    let b = 0;
    let bSigned = 0;
    // CPU per message of this process, of the sink and of the whole machine (everything on both cores).
    const cpuPerMessage = async (run: () => Promise<number>): Promise<{ seconds: number; cpu: string }> => {
      const [self, sinkCpu, machine] = [cpuSecondsOf('self'), sink.cpuSeconds(), machineCpuSeconds()];
      const seconds = await run();
      const ms = (before: number, after: number): string => (((after - before) * 1000) / n).toFixed(2);
      return {
        seconds,
        cpu: `CPU per message: ${ms(self, cpuSecondsOf('self'))} ms here, sink ${ms(sinkCpu, sink.cpuSeconds())} ms, machine ${ms(machine, machineCpuSeconds())} ms`,
      };
    };
    if (!heraldOnly) {
      const composed = await cpuPerMessage(() => baselineComposed(n, sinkSmtp, html, dkimOptions));
      a = n / composed.seconds;
      console.log(`(a) bare nodemailer sendMail, composed: ${a.toFixed(0)} msg/s; ${composed.cpu}`);
      const raw = await cpuPerMessage(() => baselineRaw(n, sinkSmtp, html, dkimOptions));
      b = n / raw.seconds;
      console.log(`(b) bare nodemailer sendMail, pre-built raw: ${b.toFixed(0)} msg/s; ${raw.cpu} (building excluded)`);
      if (dkimOptions) {
        const signedRaw = await cpuPerMessage(() => baselineRawSignedInLoop(n, sinkSmtp, html, dkimOptions));
        bSigned = n / signedRaw.seconds;
        console.log(
          `(b′) pre-built raw, each signed in the loop: ${bSigned.toFixed(0)} msg/s; ${signedRaw.cpu} (building excluded, signing included)`,
        );
      }
    }
    const h = await herald(n, ports, html, dkim);
    const rate = n / h.seconds;
    console.log(`Herald (POST /send → last message accepted): ${rate.toFixed(0)} msg/s in ${h.seconds.toFixed(1)} s`);
    if (!heraldOnly)
      console.log(
        `ratio Herald/(a) = ${ratio(rate, a)} (target ≥ 1.2), Herald/(b) = ${ratio(rate, b)} (target ≥ 0.6)${dkim ? `, Herald/(b′) = ${ratio(rate, bSigned)}` : ''}`,
      );
    console.log(
      `Herald CPU per message: worker ${h.workerCpuMsPerMessage.toFixed(2)} ms, sink ${h.sinkCpuMsPerMessage.toFixed(2)} ms, machine ${h.machineCpuMsPerMessage.toFixed(2)} ms; worker peak RSS ${h.workerPeakMiB} MiB (API ${h.apiPeakMiB} MiB)`,
    );
  } finally {
    await sink.stop();
  }
}
