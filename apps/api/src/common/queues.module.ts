import { Global, Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { HeraldConfig } from '@herald/config';
import { bullConnection, DEFAULT_JOB_OPTIONS, QueueName } from '@herald/queue';

/** The API only produces jobs; the worker consumes them. */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    const queues = BullModule.registerQueue(
      { name: QueueName.Imports },
      { name: QueueName.Dispatch },
      { name: QueueName.SendEmail },
      { name: QueueName.Events },
    );
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRoot({ connection: bullConnection(config.REDIS_URL), prefix: config.REDIS_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        queues,
      ],
      exports: [queues],
    };
  }
}
