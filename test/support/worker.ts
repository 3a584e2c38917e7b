import type { INestApplicationContext } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import type { ChannelAdapter } from '@herald/channels';
import { createWorker } from '../../apps/worker/src/bootstrap';

/**
 * The real worker, in-process: its BullMQ processors consume this test's queues (its own Redis
 * prefix). `channels`: adapters besides email, such as a recording test channel.
 */
export async function startWorker(
  config: HeraldConfig,
  options: { channels?: readonly ChannelAdapter[] } = {},
): Promise<INestApplicationContext> {
  const worker = await createWorker(config, options);
  await worker.init();
  return worker;
}
