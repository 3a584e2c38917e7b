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
  /** A split-run starts (now or at its scheduled moment): draw the groups, send each variant to its group. */
  StartSplitRun = 'start-split-run',
  /** A split-run's waiting period is over (or the marketer chose): pick the winner, send it to the remainder. */
  DecideSplitRun = 'decide-split-run',
  /** A variant by time of sending: its test group goes now, minutes after the split-run started. */
  SendSplitRunVariant = 'send-split-run-variant',
  IngestEvents = 'ingest-events',
  ImportProfiles = 'import-profiles',
  /** One occurrence of a schedule comes due. */
  FireSchedule = 'fire-schedule',
  /** Every minute: queue the firing of schedules due soon whose job went missing. */
  SweepSchedules = 'sweep-schedules',
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
  [JobName.StartSplitRun]: { splitRunId: number; accountId: number };
  [JobName.DecideSplitRun]: { splitRunId: number; accountId: number };
  [JobName.SendSplitRunVariant]: { splitRunId: number; accountId: number; variantId: number };
  [JobName.ImportProfiles]: { importId: number; accountId: number };
  /** `occurrenceAt`: the occurrence, ISO 8601; a job for an occurrence the schedule no longer waits for is stale. */
  [JobName.FireSchedule]: { scheduleId: number; accountId: number; occurrenceAt: string };
  [JobName.SweepSchedules]: Record<string, never>;
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

/**
 * The delayed job that fires one occurrence of a schedule, with a delay computed from `now` (a
 * controllable clock in tests). Its id names the schedule and the occurrence, so queuing it again, from
 * the API, the previous run or the sweep, is a no-op while it waits.
 */
export function fireScheduleJob(
  schedule: { scheduleId: number; accountId: number },
  occurrenceAt: Date,
  now: Date,
): { name: JobName.FireSchedule; data: JobPayloads[JobName.FireSchedule]; opts: { jobId: string; delay: number } } {
  return {
    name: JobName.FireSchedule,
    data: { ...schedule, occurrenceAt: occurrenceAt.toISOString() },
    opts: {
      jobId: jobId('schedule', schedule.scheduleId, occurrenceAt.getTime()),
      delay: Math.max(0, occurrenceAt.getTime() - now.getTime()),
    },
  };
}
