import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { PrismaService } from '../../common/prisma.service';
import { RedisService } from '../../common/redis.service';
import type { HealthResponse, ServiceHealth } from '@herald/contracts';
import { HealthResponseDto } from './health.dto';
import { ApiErrorResponses } from '../../common/openapi';

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<ServiceHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { up: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@ApiErrorResponses()
@Controller('health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /** 200 when PostgreSQL and Redis both answer, 503 naming the one that does not. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthResponseDto.Output })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto.Output, description: 'PostgreSQL or Redis does not answer' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const [postgres, redis] = await Promise.all([
      probe(() => this.prisma.client.$queryRaw`SELECT 1`),
      probe(() => this.redis.client.ping()),
    ]);
    const up = postgres.up && redis.up;
    res.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'unavailable', services: { postgres, redis } };
  }
}
