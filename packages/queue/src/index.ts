export { QueueName, JobName, DEFAULT_JOB_OPTIONS, jobId, type JobPayloads } from './queues';
export { bullConnection } from './connection';
