import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '@herald/queue';
import { ImportProfilesHandler, type ImportHandlerStatus } from './import-profiles.handler';

@Processor(QueueName.Imports, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly importProfiles: ImportProfilesHandler) {
    super();
  }

  async process(job: Job): Promise<ImportHandlerStatus> {
    switch (job.name as JobName) {
      case JobName.ImportProfiles:
        return this.importProfiles.run((job.data as JobPayloads[JobName.ImportProfiles]).importId);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.Imports}`);
    }
  }
}
