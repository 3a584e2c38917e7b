import type { INestApplicationContext } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { createWorker } from '../../apps/worker/src/bootstrap';

/** The real worker, in-process: its BullMQ processors consume this test's queues (its own Redis prefix). */
export async function startWorker(config: HeraldConfig): Promise<INestApplicationContext> {
  const worker = await createWorker(config);
  await worker.init();
  return worker;
}
