import type { PrismaClient, Role } from '@herald/db';
import { hashPassword } from '../../apps/api/src/common/auth/passwords';

let sequence = 0;
const next = (): number => ++sequence;

export async function createAccount(prisma: PrismaClient, name = `Account ${next()}`): Promise<{ id: number }> {
  return prisma.account.create({ data: { name }, select: { id: true } });
}

export interface TestUser {
  id: number;
  accountId: number;
  email: string;
  password: string;
  role: Role;
}

export async function createUser(
  prisma: PrismaClient,
  accountId: number,
  role: Role = 'MARKETER',
  password = 'correct horse battery staple',
): Promise<TestUser> {
  const email = `user${next()}-${Date.now()}@example.test`;
  const user = await prisma.user.create({
    data: { accountId, email, name: `Test ${role}`, role, passwordHash: await hashPassword(password) },
    select: { id: true },
  });
  return { id: user.id, accountId, email, password, role };
}
