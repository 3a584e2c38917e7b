import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { HeraldConfig } from '@herald/config';
import { createPrismaClient, type PrismaClient } from '@herald/db';
import { Redis } from 'ioredis';
import { HERALD_CONFIG, PRISMA, REDIS } from './config';

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
          provide: PRISMA,
          useFactory: (): PrismaClient =>
            createPrismaClient({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        },
        { provide: REDIS, useFactory: (): Redis => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 }) },
      ],
      exports: [HERALD_CONFIG, PRISMA, REDIS],
    };
  }

  // After the queues have closed (BullMQ workers finish or release their jobs first).
  async onApplicationShutdown(): Promise<void> {
    await this.moduleRef.get<PrismaClient>(PRISMA, { strict: false }).$disconnect();
    this.moduleRef.get<Redis>(REDIS, { strict: false }).disconnect();
  }
}
