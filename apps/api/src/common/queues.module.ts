import { Global, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { HeraldConfig } from '@herald/config';
import { bullConnection, DEFAULT_JOB_OPTIONS, QueueName } from '@herald/queue';
import { RedisService } from './redis.service';

const API_QUEUES = [
  QueueName.Imports,
  QueueName.Dispatch,
  QueueName.Send,
  QueueName.Events,
  QueueName.Schedules,
  QueueName.SplitRun,
] as const;

/** Long enough for a loaded Redis to answer, short enough not to hold up a shutdown. */
const READY_WAIT_MS = 2000;

/**
 * Lets every queue finish connecting before @nestjs/bullmq closes it. BullMQ closes a connection that
 * is still initializing with `disconnect()`, which rejects its own version check in flight, and it
 * reports that rejection on an emitter it has just stripped of listeners: an unhandled "Connection is
 * closed" error (health e2e test). Once ready, BullMQ closes with QUIT, which lets replies finish.
 */
@Injectable()
class QueueReadiness implements BeforeApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly redis: RedisService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    // Redis does not answer: no queue has a command in flight to lose, and waiting would only delay the exit.
    if (this.redis.client.status !== 'ready') return;
    const queues = API_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    await Promise.all(queues.map((queue) => settledWithin(queue.waitUntilReady(), READY_WAIT_MS)));
  }
}

async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The API only produces jobs; the worker consumes them. */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    const queues = BullModule.registerQueue(...API_QUEUES.map((name) => ({ name })));
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRoot({
          connection: bullConnection(config.REDIS_URL),
          prefix: config.REDIS_PREFIX,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        queues,
      ],
      providers: [QueueReadiness],
      exports: [queues],
    };
  }
}
