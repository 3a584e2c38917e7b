import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { HeraldConfig } from '@herald/config';
import { createDatabase, type Database, type PrismaClient } from '@herald/db';
import { Redis } from 'ioredis';
import { HERALD_CONFIG, PG_POOL, PRISMA, REDIS } from './config';

const DATABASE = Symbol('DATABASE');

@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: HERALD_CONFIG, useValue: config },
        {
          provide: DATABASE,
          useFactory: (): Database =>
            createDatabase({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        },
        { provide: PRISMA, useFactory: (db: Database): PrismaClient => db.prisma, inject: [DATABASE] },
        { provide: PG_POOL, useFactory: (db: Database) => db.pool, inject: [DATABASE] },
        { provide: REDIS, useFactory: (): Redis => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 }) },
      ],
      exports: [HERALD_CONFIG, PRISMA, PG_POOL, REDIS],
    };
  }

  // After the queues have closed (BullMQ workers finish or release their jobs first).
  async onApplicationShutdown(): Promise<void> {
    await this.moduleRef.get<PrismaClient>(PRISMA, { strict: false }).$disconnect();
    this.moduleRef.get<Redis>(REDIS, { strict: false }).disconnect();
  }
}
