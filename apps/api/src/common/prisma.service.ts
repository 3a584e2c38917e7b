import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from './config';

/** The one Prisma client of this process. */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: PrismaClient;

  constructor(@InjectConfig() config: HeraldConfig) {
    this.client = createPrismaClient({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
