export { QueueName, JobName, DEFAULT_JOB_OPTIONS, jobId, type JobPayloads } from './queues';
export { bullConnection } from './connection';
export {
  trackingStreamKey,
  encodeStreamEntry,
  decodeStreamEntry,
  formatTrackedDestination,
  parseTrackedDestination,
  type TrackingStreamEntry,
  type TrackingResultKind,
} from './tracking-stream';
