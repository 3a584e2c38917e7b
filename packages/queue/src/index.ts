export { QueueName, JobName, DEFAULT_JOB_OPTIONS, fireScheduleJob, jobId, type JobPayloads } from './queues';
export { bullConnection } from './connection';
export {
  trackingStreamKey,
  encodeStreamEntry,
  decodeStreamEntry,
  formatTrackedDestination,
  parseTrackedDestination,
  TEST_MESSAGE_DESTINATION,
  type TrackingStreamEntry,
  type TrackingResultKind,
} from './tracking-stream';
export {
  decodePageViewEntry,
  encodePageViewEntry,
  pageViewStreamKey,
  type PageViewStreamEntry,
} from './page-view-stream';
export {
  faxStatusBounce,
  recordFaxStatus,
  type FaxDestinations,
  type FaxStatusRedis,
  type FaxStatusReport,
  type FaxStatusStore,
  type FaxStatusTarget,
} from './fax-status.recorder';
