import { createServer, type AddressInfo, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '@herald/config';
import { EmailTransport, SMTP_UNREACHABLE } from '@herald/channels';
import { SecretBox } from '@herald/domain';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { emailRouteLookup } from '../../apps/worker/src/channels/email-route';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { createAccount, createUser } from '../support/factories';

/** An account's own SMTP server on loopback that wants a login, recording what it saw. */
async function startAuthServer(): Promise<{
  port: number;
  logins: string[];
  connections: () => number;
  received: string[];
  close(): Promise<void>;
}> {
  const logins: string[] = [];
  const received: string[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_session, callback) => {
      connections++;
      callback();
    },
    onAuth: (auth, _session, callback) => {
      logins.push(`${auth.username}:${auth.password}`);
      if (auth.password === 'wrong') return callback(new Error('Invalid credentials'));
      callback(null, { user: auth.username });
    },
    onData: (stream, session, callback) => {
      stream.resume();
      stream.on('end', () => {
        received.push(session.envelope.rcptTo[0]!.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    logins,
    received,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Settings = {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  hasPassword: boolean;
  senderDomains: string[];
  maxConnections: number;
};
type ErrorBody = { message: string; issues?: Array<{ path: string; message: string }> };

describe('SMTP settings: outbound guard and the password encrypted at rest', () => {
  let db: TestDatabase;
  let strictConfig: HeraldConfig;
  let openConfig: HeraldConfig;
  /** The platform as operators run it: tenants' servers must be public. */
  let strict: RunningApi;
  /** An operator who allows private addresses (the local mail catcher in development). */
  let open: RunningApi;
  let server: Awaited<ReturnType<typeof startAuthServer>>;
  let accountId: number;
  let legacyAccountId: number;
  let admin: string;
  let adminOpen: string;
  let legacyAdmin: string;
  let marketer: string;
  let viewer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startAuthServer();
    strictConfig = testConfig(db.url);
    // Same database, queues and key: only the operator's switch differs.
    openConfig = { ...strictConfig, OUTBOUND_ALLOW_PRIVATE: true };
    expect(strictConfig.OUTBOUND_ALLOW_PRIVATE).toBe(false);

    accountId = (await createAccount(db.prisma)).id;
    legacyAccountId = (await createAccount(db.prisma)).id;
    const users = {
      admin: await createUser(db.prisma, accountId, 'ADMIN'),
      marketer: await createUser(db.prisma, accountId, 'MARKETER'),
      viewer: await createUser(db.prisma, accountId, 'VIEWER'),
      legacyAdmin: await createUser(db.prisma, legacyAccountId, 'ADMIN'),
    };
    // A row written before passwords were encrypted: clear text, sealed when the API starts.
    await db.prisma.smtpSettings.create({
      data: {
        accountId: legacyAccountId,
        host: '127.0.0.1',
        port: server.port,
        username: 'legacy',
        password: 'legacy-secret',
        senderDomains: [],
      },
    });

    strict = await startApi(strictConfig);
    open = await startApi({ ...openConfig, API_PORT: 0 });
    admin = await strict.login(users.admin.email, users.admin.password);
    adminOpen = await open.login(users.admin.email, users.admin.password);
    legacyAdmin = await open.login(users.legacyAdmin.email, users.legacyAdmin.password);
    marketer = await strict.login(users.marketer.email, users.marketer.password);
    viewer = await strict.login(users.viewer.email, users.viewer.password);
  }, 120_000);

  afterAll(async () => {
    await strict?.close();
    await open?.close();
    await server?.close();
    await db?.drop();
  });

  const put = (api: RunningApi, token: string, body: Record<string, unknown>) =>
    api.request<Settings & ErrorBody>('PUT', '/settings/smtp', { token, body });

  describe('at save time', () => {
    it.each([
      ['127.0.0.1', 'loopback'],
      ['localhost', 'loopback'],
      ['10.1.2.3', 'private'],
      ['192.168.0.10', 'private'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['fd00::1', 'unique local'],
      ['0.0.0.0', 'unspecified'],
      ['[::1]', 'host name'],
    ])('refuses host %s with a 400 naming the field', async (host, why) => {
      const res = await put(strict, admin, { host, port: 587, password: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path: 'host', message: expect.stringContaining(why) }]);
      expect(res.body.message).toContain('host:');
      expect(await db.prisma.smtpSettings.count({ where: { accountId } })).toBe(0);
    });

    it('refuses a port that is not an SMTP port', async () => {
      const res = await put(strict, admin, { host: '93.184.215.14', port: 6379 });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path: 'port', message: 'must be an SMTP port (25, 465, 587, 2525)' }]);
    });

    it('accepts a public server on a submission port', async () => {
      const res = await put(strict, admin, { host: '93.184.215.14', port: 587, username: 'u', password: 'p' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ host: '93.184.215.14', port: 587, hasPassword: true });
    });

    it('accepts loopback and any port when the operator allows private addresses', async () => {
      const res = await put(open, adminOpen, { host: '127.0.0.1', port: server.port, username: 'herald' });
      expect(res.status).toBe(200);
    });
  });

  describe('the password at rest', () => {
    const password = 'Tr0ub4dor&3-unique-marker';

    it('is stored sealed, never returned, and opens with SECRETS_KEY for this account only', async () => {
      const res = await put(open, adminOpen, { host: '127.0.0.1', port: server.port, username: 'herald', password });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(password);
      expect(res.body).not.toHaveProperty('password');
      expect(res.body.hasPassword).toBe(true);

      const [row] = await db.prisma.$queryRaw<
        Array<{ password: string }>
      >`SELECT password FROM "SmtpSettings" WHERE "accountId" = ${accountId}`;
      expect(row!.password).toMatch(/^v1:/);
      expect(row!.password).not.toContain(password);
      expect(row!.password).not.toContain(Buffer.from(password).toString('base64url').slice(0, 8));
      const box = SecretBox.fromSecretsKey(strictConfig.SECRETS_KEY);
      expect(box.open(row!.password, `smtp-password:account:${accountId}`)).toBe(password);
      expect(() => box.open(row!.password, `smtp-password:account:${legacyAccountId}`)).toThrow(/SECRETS_KEY/);

      const got = await strict.request<Settings>('GET', '/settings/smtp', { token: admin });
      expect(JSON.stringify(got.body)).not.toContain(password);
      expect(got.body.hasPassword).toBe(true);
    });

    it('is opened where the connection is made: test connection logs in with it', async () => {
      server.logins.length = 0;
      const res = await open.request<{ ok: boolean; message: string }>('POST', '/settings/smtp/test', {
        token: adminOpen,
      });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
      expect(server.logins).toEqual([`herald:${password}`]);
    });

    it('is opened by the worker for a mailing, with the operator policy on its connections', async () => {
      const route = await emailRouteLookup(db.prisma, openConfig)(accountId);
      expect(route.settings).toMatchObject({
        host: '127.0.0.1',
        username: 'herald',
        password,
        outbound: { allowPrivate: true },
      });
      const transport = new EmailTransport(route.settings);
      try {
        server.logins.length = 0;
        expect(await transport.send(email('worker@example.test'))).toMatchObject({ ok: true });
        expect(server.logins).toEqual([`herald:${password}`]);
      } finally {
        transport.close();
      }

      // The operator turns the switch off: the worker no longer connects to the loopback server.
      const strict = new EmailTransport((await emailRouteLookup(db.prisma, strictConfig)(accountId)).settings);
      try {
        const before = server.connections();
        expect(await strict.send(email('worker2@example.test'))).toEqual({
          ok: false,
          code: null,
          response: SMTP_UNREACHABLE,
        });
        expect(server.connections()).toBe(before);
      } finally {
        strict.close();
      }
    });

    it('is kept when a PUT leaves it out, and removed with null', async () => {
      const kept = await put(open, adminOpen, {
        host: '127.0.0.1',
        port: server.port,
        username: 'herald',
        maxConnections: 3,
      });
      expect(kept.body).toMatchObject({ hasPassword: true, maxConnections: 3 });
      const removed = await put(open, adminOpen, {
        host: '127.0.0.1',
        port: server.port,
        username: 'herald',
        password: null,
      });
      expect(removed.body.hasPassword).toBe(false);
      expect((await db.prisma.smtpSettings.findUnique({ where: { accountId } }))!.password).toBeNull();
      await put(open, adminOpen, { host: '127.0.0.1', port: server.port, username: 'herald', password });
    });

    it('of a row stored in clear text is sealed at API start-up and still works', async () => {
      const row = await db.prisma.smtpSettings.findUnique({ where: { accountId: legacyAccountId } });
      expect(row!.password).toMatch(/^v1:/);
      expect(row!.password).not.toContain('legacy-secret');
      server.logins.length = 0;
      const res = await open.request<{ ok: boolean }>('POST', '/settings/smtp/test', { token: legacyAdmin });
      expect(res.body.ok).toBe(true);
      expect(server.logins).toEqual(['legacy:legacy-secret']);
    });

    it('under another SECRETS_KEY gives an error naming SECRETS_KEY, not garbage sent as a password', async () => {
      const other = await startApi({
        ...openConfig,
        SECRETS_KEY: 'a different key that is at least 32 chars',
        API_PORT: 0,
      });
      try {
        const token = await other.login(
          (await db.prisma.user.findFirstOrThrow({ where: { accountId, role: 'ADMIN' } })).email,
          'correct horse battery staple',
        );
        server.logins.length = 0;
        const res = await other.request<ErrorBody>('POST', '/settings/smtp/test', { token });
        expect(res.status).toBe(503);
        expect(res.body.message).toContain('SECRETS_KEY');
        expect(server.logins).toEqual([]);
      } finally {
        await other.close();
      }
    });
  });

  describe('at connect time', () => {
    it('refuses a stored loopback server once private addresses are not allowed, without connecting', async () => {
      const before = server.connections();
      const res = await strict.request<{ ok: boolean; message: string }>('POST', '/settings/smtp/test', {
        token: admin,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: false, message: SMTP_UNREACHABLE });
      expect(server.connections()).toBe(before);
    });

    it('answers a closed port and a service that is not SMTP alike (no port scan)', async () => {
      const other: Server = createServer((socket) => socket.end('+PONG\r\n'));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      try {
        const answers = [];
        for (const port of [(other.address() as AddressInfo).port, closedPort]) {
          await put(open, adminOpen, { host: '127.0.0.1', port, username: 'herald' });
          answers.push(
            (await open.request<{ ok: boolean; message: string }>('POST', '/settings/smtp/test', { token: adminOpen }))
              .body,
          );
        }
        expect(answers).toEqual([
          { ok: false, message: SMTP_UNREACHABLE },
          { ok: false, message: SMTP_UNREACHABLE },
        ]);
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    });

    it('refuses test mails to a stored loopback server too, with the same message', async () => {
      await put(open, adminOpen, { host: '127.0.0.1', port: server.port, username: 'herald', password: 'x' });
      const { documentId, profileId } = await emailDocument(db, accountId);
      const before = server.connections();
      const res = await strict.request<{ sent: number; failures: Array<{ error: string }> }>(
        'POST',
        `/documents/${documentId}/test-mail`,
        {
          token: admin,
          body: { profileIds: [profileId], to: ['test@example.test'] },
        },
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        sent: 0,
        failures: [{ to: 'test@example.test', profileId, error: SMTP_UNREACHABLE }],
      });
      expect(server.connections()).toBe(before);
    });
  });

  describe('roles: only an admin reads or changes the account SMTP server', () => {
    it.each([
      ['MARKETER', () => marketer],
      ['VIEWER', () => viewer],
    ])('as %s: 403 on every SMTP settings route, and nothing changes', async (_role, token) => {
      const before = await db.prisma.smtpSettings.findUnique({ where: { accountId } });
      expect((await strict.request('GET', '/settings/smtp', { token: token() })).status).toBe(403);
      expect((await put(strict, token(), { host: '93.184.215.14', port: 25, password: 'mine' })).status).toBe(403);
      expect((await strict.request('POST', '/settings/smtp/test', { token: token() })).status).toBe(403);
      expect(await db.prisma.smtpSettings.findUnique({ where: { accountId } })).toEqual(before);
    });

    it('as ADMIN: every SMTP settings route works', async () => {
      expect((await strict.request('GET', '/settings/smtp', { token: admin })).status).toBe(200);
      expect((await put(strict, admin, { host: '93.184.215.14', port: 25 })).status).toBe(200);
      // Back to the loopback server, so the test route answers at once instead of trying the internet.
      await put(open, adminOpen, { host: '127.0.0.1', port: server.port, username: 'herald' });
      expect((await strict.request('POST', '/settings/smtp/test', { token: admin })).status).toBe(200);
    });
  });
});

function email(to: string) {
  return {
    envelopeFrom: 'b@bounces.example',
    to,
    from: { address: 'news@herald.example' },
    subject: 'Hi',
    html: '<p>Hi</p>',
    text: 'Hi',
    messageId: `<${to}@bounces.example>`,
    headers: {},
  };
}

async function emailDocument(
  db: TestDatabase,
  accountId: number,
): Promise<{ documentId: number; versionId: number; databaseId: number; profileId: number }> {
  const database = await db.prisma.database.create({ data: { accountId, name: `db ${Date.now()}` } });
  const profile = await db.prisma.profile.create({
    data: { accountId, databaseId: database.id, email: 'p@example.test', values: {} },
  });
  const document = await db.prisma.document.create({
    data: {
      accountId,
      name: 'd',
      channel: 'EMAIL',
      versions: {
        create: { accountId, version: 1, fromAddress: 'news@herald.example', subject: 'Hi', html: '<p>Hi</p>' },
      },
    },
    include: { versions: true },
  });
  return {
    documentId: document.id,
    versionId: document.versions[0]!.id,
    databaseId: database.id,
    profileId: profile.id,
  };
}
