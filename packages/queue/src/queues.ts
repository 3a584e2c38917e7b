import type { DefaultJobOptions } from 'bullmq';

/** One queue per kind of work (docs/architecture.md, Queues). */
export enum QueueName {
  Dispatch = 'dispatch',
  /** Send batches of every channel: the mailing's channel picks the adapter. */
  Send = 'send',
  SplitRun = 'split-run',
  Events = 'events',
  Schedules = 'schedules',
  Imports = 'imports',
}

export enum JobName {
  DispatchMailing = 'dispatch-mailing',
  SendBatch = 'send-batch',
  IngestEvents = 'ingest-events',
  ImportProfiles = 'import-profiles',
}

/** Payloads carry ids, never whole entities (docs/architecture.md, Queues). */
export interface JobPayloads {
  [JobName.DispatchMailing]: { mailingId: number; accountId: number };
  /** An inclusive range of destination ids; bigint ids travel as strings. */
  [JobName.SendBatch]: {
    mailingId: number;
    accountId: number;
    firstDestinationId: string;
    lastDestinationId: string;
  };
  [JobName.IngestEvents]: { streamKey: string };
  [JobName.ImportProfiles]: { importId: number; accountId: number };
}

/** Retention limits on every job, so Redis never fills with finished jobs. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
};

/** BullMQ job ids may not contain ':'; deterministic ids make a repeated enqueue a no-op. */
export function jobId(...parts: Array<string | number>): string {
  return parts.map(String).join('-').replace(/:/g, '_');
}
