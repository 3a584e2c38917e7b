import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { HeraldConfig } from '@herald/config';
import type { ChannelAdapter } from '@herald/channels';
import { WorkerModule } from './worker.module';

/** The worker: a Nest application context (no HTTP) running the BullMQ processors. */
export async function createWorker(
  config: HeraldConfig,
  options: { channels?: readonly ChannelAdapter[] } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, [], options.channels), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  return app;
}
