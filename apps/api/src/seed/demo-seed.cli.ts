import { createPrismaClient } from '@herald/db';
import { DEMO_LOGIN, seedDemo } from './demo-seed';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const prisma = createPrismaClient({ databaseUrl: url, poolSize: 2 });
  try {
    const result = await seedDemo(prisma);
    console.log(result.created ? `✓ seeded the demo account (${DEMO_LOGIN.email})` : '✓ demo account present');
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exit(1);
});
