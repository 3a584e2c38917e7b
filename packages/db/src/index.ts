export { createPrismaClient, createDatabase, type Database, type PrismaClientOptions } from './client';
export { migrate, listMigrations, MIGRATIONS_DIR, type MigrationResult } from './migrate';
export { PrismaClient, Prisma } from './generated/prisma/client';
export * from './generated/prisma/enums';
export type * from './generated/prisma/models';
