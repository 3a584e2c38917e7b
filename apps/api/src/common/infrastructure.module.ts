import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HERALD_CONFIG } from './config';
import { PrismaService } from './prisma.service';
import { RedisService } from './redis.service';

/** Config, PostgreSQL and Redis: what every module of the API may inject. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [{ provide: HERALD_CONFIG, useValue: config }, PrismaService, RedisService],
      exports: [HERALD_CONFIG, PrismaService, RedisService],
    };
  }
}
