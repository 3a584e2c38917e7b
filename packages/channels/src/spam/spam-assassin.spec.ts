import { createServer, type Server, type Socket } from 'node:net';
import type { RenderedEmailMessage } from '@herald/templating';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpamAssassin } from './spam-assassin';

// The real spamd that scripts/services.sh starts for npm start and npm test (SPAMD_PORT, 783 by default).
const SPAMD = {
  host: '127.0.0.1',
  port: Number(process.env.SPAMD_PORT ?? 783),
  timeoutMs: 20_000,
  maxBytes: 512 * 1024,
};
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

const CLEAN: RenderedEmailMessage = {
  fromName: 'Herald News',
  fromAddress: 'news@herald.example',
  subject: 'Our autumn collection',
  html:
    '<html><body><p>Hello Anna, our autumn collection is here: warm coats, wool scarves and boots made ' +
    'to last.</p><p><a href="https://www.herald.example/autumn">See the collection</a></p>' +
    '<p><a href="https://www.herald.example/u/1">Unsubscribe</a></p></body></html>',
  text: 'Hello Anna, our autumn collection is here: warm coats, wool scarves and boots made to last.\nUnsubscribe: https://www.herald.example/u/1',
  unsubscribeToken: 't',
};

describe('SpamAssassin over spamd', () => {
  const spamAssassin = new SpamAssassin(SPAMD);

  beforeAll(async () => {
    const probe = await new SpamAssassin({ ...SPAMD, timeoutMs: 5_000 }).rate(CLEAN);
    if (probe.source !== 'spamassassin')
      throw new Error(
        `spamd does not answer on 127.0.0.1:${SPAMD.port} (${probe.note}): these tests need the real SpamAssassin, ` +
          'which scripts/services.sh installs and starts (npm test and npm start run it)',
      );
  });

  it('gives GTUBE the highest rating, with the rule that fired and what to change', async () => {
    const rating = await spamAssassin.rate({ ...CLEAN, text: `${CLEAN.text}\n${GTUBE}\n` });
    expect(rating.source).toBe('spamassassin');
    expect(rating.score).toBeGreaterThanOrEqual(1000);
    expect(rating.rules).toContainEqual({
      name: 'GTUBE',
      score: 1000,
      description: 'BODY: Generic Test for Unsolicited Bulk Email',
    });
    expect(rating.advice[0]).toMatch(/^GTUBE \(\+1000\): Remove the GTUBE test string/);
  });

  it('rates a clean message under the warning line', async () => {
    const rating = await spamAssassin.rate(CLEAN);
    expect(rating.source).toBe('spamassassin');
    expect(rating.score).toBeLessThanOrEqual(3);
    expect(rating.rules.map((rule) => rule.name)).not.toContain('GTUBE');
  });

  it('sends no message over the size limit to spamd, and says so', async () => {
    const rating = await new SpamAssassin({ ...SPAMD, maxBytes: 1024 }).rate({
      ...CLEAN,
      html: `<p>${'Warm coats. '.repeat(200)}</p>`,
    });
    expect(rating.source).toBe('heuristic');
    expect(rating.note).toMatch(/over the 1 KB SpamAssassin is given/);
  });
});

describe('SpamAssassin without spamd', () => {
  let silent: Server;
  let silentPort = 0;
  const held: Socket[] = [];
  beforeAll(async () => {
    // Accepts and never answers, like a spamd that hangs.
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    held.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('rates with the heuristic when nothing listens, and says why', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const rating = await new SpamAssassin({ ...SPAMD, port }).rate({ ...CLEAN, text: GTUBE });
    expect(rating).toMatchObject({ source: 'heuristic', score: 1000 });
    expect(rating.note).toMatch(new RegExp(`spamd on 127.0.0.1:${port}: .*ECONNREFUSED`));
  });

  it('gives up on a spamd that does not answer in time', async () => {
    const rating = await new SpamAssassin({ ...SPAMD, port: silentPort, timeoutMs: 200 }).rate(CLEAN);
    expect(rating.source).toBe('heuristic');
    expect(rating.note).toMatch(/no answer within 200 ms/);
    expect(rating.elapsedMs).toBeLessThan(2_000);
  });
});

describe('SpamAssassin’s cache of ratings', () => {
  let fake: Server;
  let port = 0;
  let requests = 0;
  beforeAll(async () => {
    // A spamd that counts what it rates: each request is read to its end, then answered with a report.
    fake = createServer((socket) => {
      socket.on('data', () => undefined);
      socket.on('end', () => {
        requests++;
        socket.end('SPAMD/1.1 0 EX_OK\r\nSpam: False ; 1.5 / 5.0\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    port = (fake.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => fake.close(() => resolve()));
  });

  it('rates the same message once within the lifetime, a different one again, and the same again once expired', async () => {
    let now = 0;
    const spamAssassin = new SpamAssassin({ ...SPAMD, port, cacheTtlMs: 60_000, now: () => now });
    requests = 0;
    const first = await spamAssassin.rate(CLEAN);
    expect(first).toMatchObject({ source: 'spamassassin', score: 1.5 });
    now = 59_999;
    expect(await spamAssassin.rate({ ...CLEAN })).toBe(first);
    expect(requests).toBe(1);
    expect((await spamAssassin.rate({ ...CLEAN, subject: 'Our winter collection' })).source).toBe('spamassassin');
    expect(requests).toBe(2);
    now = 60_000;
    await spamAssassin.rate(CLEAN);
    expect(requests).toBe(3);
  });

  it('keeps no heuristic stand-in, and rates every time with a lifetime of 0', async () => {
    requests = 0;
    const uncached = new SpamAssassin({ ...SPAMD, port, cacheTtlMs: 0 });
    await uncached.rate(CLEAN);
    await uncached.rate(CLEAN);
    expect(requests).toBe(2);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const away = new SpamAssassin({ ...SPAMD, port: closedPort });
    const first = await away.rate(CLEAN);
    expect(first.source).toBe('heuristic');
    // A kept rating comes back as the same object; the stand-in is made anew, spamd tried again.
    expect(await away.rate(CLEAN)).not.toBe(first);
  });
});
