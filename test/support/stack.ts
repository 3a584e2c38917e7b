import type { PrismaClient } from '@herald/db';
import type { MailCatcher } from '@herald/mail-catcher';
import { startE2eStack } from './e2e';
import { createUser } from './factories';

export interface Stack {
  /** The API, which also serves the built admin app under /admin/. */
  apiUrl: string;
  login: { email: string; password: string };
  accountId: number;
  prisma: PrismaClient;
  catcher: MailCatcher;
  stop(): Promise<void>;
}

/**
 * The whole platform for a browser test, as startE2eStack starts it (tracking links reach the API). Its user
 * is not logged in yet: the test logs in through the page, and no other login counts against the limit.
 */
export async function startStack(): Promise<Stack> {
  const stack = await startE2eStack({ publicUrl: true, role: false });
  try {
    const user = await createUser(stack.prisma, stack.accountId, 'MARKETER');
    return {
      apiUrl: stack.api.url,
      login: { email: user.email, password: user.password },
      accountId: stack.accountId,
      prisma: stack.prisma,
      catcher: stack.catcher,
      stop: () => stack.stop(),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
