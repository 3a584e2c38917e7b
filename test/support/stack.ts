import type { PrismaClient } from '@herald/db';
import { createTestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { startApi } from './api';
import { testConfigWithPublicUrl } from './config';
import { createAccount, createUser } from './factories';
import { startWorker } from './worker';

export interface Stack {
  /** The API, which also serves the built admin app under /admin/. */
  apiUrl: string;
  login: { email: string; password: string };
  accountId: number;
  prisma: PrismaClient;
  catcher: MailCatcher;
  stop(): Promise<void>;
}

/** The whole platform for a browser test: its own database and Redis prefix, the API, the worker and a mail catcher. */
export async function startStack(): Promise<Stack> {
  const db = await createTestDatabase();
  const catcher = await startMailCatcher({ smtpPort: 0, keep: 'all' });
  const config = await testConfigWithPublicUrl(db.url, { SMTP_PORT: String(catcher.smtpPort) });
  const api = await startApi(config);
  const worker = await startWorker(config);
  const account = await createAccount(db.prisma);
  const user = await createUser(db.prisma, account.id, 'MARKETER');
  return {
    apiUrl: api.url,
    login: { email: user.email, password: user.password },
    accountId: account.id,
    prisma: db.prisma,
    catcher,
    async stop() {
      await worker.close();
      await api.close();
      await catcher.close();
      await db.drop();
    },
  };
}
