import type { PrismaClient } from '@herald/db';
import { hashPassword } from '../common/auth/passwords';

export const DEMO_LOGIN = { email: 'demo@herald.local', password: 'herald-demo-password' } as const;

const FIRST_NAMES = ['Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Finn', 'Gijs', 'Hanna', 'Isa', 'Jan', 'Katja', 'Lars'];
const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Groningen'];

/** A demo account with a user of each role and a small database; does nothing when it exists. */
export async function seedDemo(prisma: PrismaClient): Promise<{ created: boolean; accountId: number }> {
  const existing = await prisma.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { accountId: true } });
  if (existing) return { created: false, accountId: existing.accountId };

  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  return prisma.$transaction(async (tx) => {
    const account = await tx.account.create({ data: { name: 'Herald Demo' }, select: { id: true } });
    await tx.user.create({
      data: { accountId: account.id, email: DEMO_LOGIN.email, name: 'Demo Admin', role: 'ADMIN', passwordHash },
    });
    const database = await tx.database.create({
      data: {
        accountId: account.id,
        name: 'Newsletter subscribers',
        description: 'Demo database',
        fields: {
          create: [
            { accountId: account.id, name: 'firstname', type: 'TEXT', position: 0 },
            { accountId: account.id, name: 'city', type: 'TEXT', position: 1 },
            { accountId: account.id, name: 'gender', type: 'CHOICE', choices: ['female', 'male', 'other'], position: 2 },
            { accountId: account.id, name: 'birthdate', type: 'DATE', position: 3 },
          ],
        },
      },
      select: { id: true },
    });
    await tx.profile.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        accountId: account.id,
        databaseId: database.id,
        email: `subscriber${i + 1}@example.com`,
        values: {
          firstname: FIRST_NAMES[i % FIRST_NAMES.length],
          city: CITIES[i % CITIES.length],
          gender: ['female', 'male', 'other'][i % 3],
          birthdate: `${1960 + (i % 45)}-${String((i % 12) + 1).padStart(2, '0')}-15`,
        },
      })),
    });
    return { created: true, accountId: account.id };
  });
}
