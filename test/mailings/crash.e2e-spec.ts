import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { createAccount, createUser } from '../support/factories';

const RECIPIENTS = 20_000;
const WORKER = join(__dirname, '../../apps/worker/dist/main.js');

function workerEnv(config: HeraldConfig): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    JWT_SECRET: config.JWT_SECRET,
    TRACKING_SECRET: config.TRACKING_SECRET,
    SECRETS_KEY: config.SECRETS_KEY,
    SMTP_PORT: String(config.SMTP_PORT),
    INBOUND_SMTP_PORT: '0',
    PUBLIC_URL: config.PUBLIC_URL,
  };
}

function startWorkerProcess(config: HeraldConfig): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], { env: workerEnv(config), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Herald worker ready')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output.slice(-2000)}`)));
  });
}

describe.skipIf(!existsSync(WORKER))('crash: SIGKILL the worker in the middle of a 20,000-recipient mailing', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let api: RunningApi;
  let config: HeraldConfig;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    catcher = await startMailCatcher({ smtpPort: 0, keep: 'none' });
    config = testConfig(db.url, { SMTP_PORT: String(catcher.smtpPort) });
    api = await startApi(config);
  }, 60_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await api?.close();
    await catcher?.close();
    await db?.drop();
  });

  it('ends every destination exactly once as sent or failed, and repeats only what was in flight', async () => {
    const accountId = (await createAccount(db.prisma)).id;
    const user = await createUser(db.prisma, accountId, 'MARKETER');
    const token = await api.login(user.email, user.password);
    const database = await db.prisma.database.create({ data: { accountId, name: 'Many' } });
    await db.prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt")
      SELECT ${accountId}, ${database.id}, 'r' || i || '@example.test', jsonb_build_object('n', i), now() FROM generate_series(1, ${RECIPIENTS}) AS i`;
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: {
        name: 'Crash',
        fromAddress: 'news@herald.example',
        subject: 'Number {{ n }}',
        html: '<p>Hello {{ n }}</p><a href="https://example.com/">x</a>',
      },
    });
    const mailing = await api.request<{ id: number }>('POST', '/mailings', {
      token,
      body: { name: 'Crash', documentId: document.body.id, targetType: 'DATABASE', databaseId: database.id },
    });

    worker = await startWorkerProcess(config);
    await api.request('POST', `/mailings/${mailing.body.id}/send`, { token });
    await catcher.waitFor(RECIPIENTS / 4, 120_000);
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    await new Promise((r) => setTimeout(r, 500)); // let the sink finish what was already on the wire
    const acceptedAtKill = catcher.count().messages;
    const recordedAtKill = await db.prisma.destination.count({
      where: { mailingId: mailing.body.id, status: { in: ['SENT', 'FAILED'] } },
    });
    const inFlight = acceptedAtKill - recordedAtKill;
    expect(acceptedAtKill).toBeLessThan(RECIPIENTS);

    worker = await startWorkerProcess(config);
    for (const until = Date.now() + 150_000; ;) {
      const status = (await db.prisma.mailing.findUniqueOrThrow({ where: { id: mailing.body.id } })).status;
      if (status === 'SENT') break;
      if (Date.now() > until) throw new Error(`mailing still ${status}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const byStatus = await db.prisma.destination.groupBy({
      by: ['status'],
      where: { mailingId: mailing.body.id },
      _count: { _all: true },
    });
    expect(byStatus.map((s) => [s.status, s._count._all])).toEqual([['SENT', RECIPIENTS]]);
    const counts = catcher.recipientCounts();
    expect(counts.size).toBe(RECIPIENTS);
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const thrice = [...counts.values()].filter((n) => n > 2).length;
    console.log(
      `crash test: accepted at kill ${acceptedAtKill}, recorded at kill ${recordedAtKill}, in flight ${inFlight}, received twice ${twice}`,
    );
    expect(thrice).toBe(0);
    expect(twice).toBeLessThanOrEqual(Math.max(inFlight, 0));
  }, 300_000);
});
