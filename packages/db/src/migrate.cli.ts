import { migrate } from './migrate';

// `npm run db:migrate`: applies every pending migration in prisma/migrations to DATABASE_URL.
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: it must name the PostgreSQL database to migrate.');
    process.exit(2);
  }
  const result = await migrate(url);
  for (const name of result.applied) console.log(`applied ${name}`);
  console.log(`${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
