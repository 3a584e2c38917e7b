// `npm run bench -- smtp-client [messages=20000]`
// The SMTP client alone: the same pre-built message to the project's mail catcher (own process) over
// 4 connections with 8 messages in flight, through (1) nodemailer's pooled sendMail with `raw`, the
// baseline, and (2) Herald's pool of nodemailer SMTPConnections (packages/channels). Prints messages
// per second, CPU per message in this process, and the ratio.
import nodemailer from 'nodemailer';
import { SmtpConnectionPool } from '../packages/channels/src/email/smtp-connection-pool';
import { cpuSecondsOf, freePort, ratio, requireBuild, startChild } from './support';

const CONNECTIONS = 4;
const IN_FLIGHT = 8;

const message = Buffer.from(
  'From: news@herald.example\r\nTo: reader@example.test\r\nSubject: Bench\r\nMessage-ID: <bench@herald.example>\r\n\r\n' +
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n'.repeat(100),
);

async function measure(n: number, send: (i: number) => Promise<unknown>): Promise<{ rate: number; cpuMicros: number }> {
  const cpu = cpuSecondsOf('self');
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) await send(next++);
    }),
  );
  return { rate: n / ((performance.now() - started) / 1000), cpuMicros: ((cpuSecondsOf('self') - cpu) * 1e6) / n };
}

export default async function smtpClientBench(args: string[]): Promise<void> {
  requireBuild('packages/mail-catcher/dist/cli.js');
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 20_000);
  const smtpPort = await freePort();
  const sink = await startChild('packages/mail-catcher/dist/cli.js', {}, /listening|started|ready/i, [
    '--smtp-port',
    String(smtpPort),
    '--http-port',
    String(await freePort()),
    '--keep',
    'none',
  ]);
  try {
    const transport = nodemailer.createTransport({
      pool: true,
      host: '127.0.0.1',
      port: smtpPort,
      maxConnections: CONNECTIONS,
      maxMessages: Infinity,
    });
    const baseline = await measure(n, (i) =>
      transport.sendMail({ envelope: { from: 'b@herald.example', to: `r${i}@example.test` }, raw: message }),
    );
    transport.close();
    const pool = new SmtpConnectionPool({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      maxConnections: CONNECTIONS,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    const herald = await measure(n, (i) =>
      pool.send({ from: 'b@herald.example', to: [`r${i}@example.test`] }, message),
    );
    pool.close();
    console.log(
      `smtp-client benchmark: ${n} pre-built messages, ${CONNECTIONS} connections, ${IN_FLIGHT} in flight, sink in its own process`,
    );
    console.log(
      `baseline nodemailer pooled sendMail (raw): ${baseline.rate.toFixed(0)} msg/s, ${baseline.cpuMicros.toFixed(0)} µs CPU per message`,
    );
    console.log(
      `Herald SmtpConnectionPool:                 ${herald.rate.toFixed(0)} msg/s, ${herald.cpuMicros.toFixed(0)} µs CPU per message`,
    );
    console.log(
      `ratio Herald/baseline = ${ratio(herald.rate, baseline.rate)} (rate), CPU per message ${ratio(herald.cpuMicros, baseline.cpuMicros)}`,
    );
  } finally {
    await sink.stop();
  }
}
