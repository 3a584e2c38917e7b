import { Redis } from 'ioredis';
import { createPrismaClient } from '@herald/db';
import { DEMO_LOGIN, seedDemo } from './demo-seed';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const prisma = createPrismaClient({ databaseUrl: url, poolSize: 2 });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const result = await seedDemo(prisma, redis, process.env.REDIS_PREFIX ?? 'herald');
    console.log(result.created ? `✓ seeded the demo account (${DEMO_LOGIN.email})` : '✓ demo account present');
  } finally {
    redis.disconnect();
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exit(1);
});
