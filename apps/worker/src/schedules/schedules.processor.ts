import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '@herald/queue';
import { JobProcessor, type JobHandlers } from '../common/job-runner';
import { FireScheduleHandler } from './fire-schedule.handler';
import { ScheduleSweep } from './schedule-sweep';

@Processor(QueueName.Schedules, { concurrency: 8 })
export class SchedulesProcessor extends JobProcessor {
  protected readonly queue = QueueName.Schedules;
  protected readonly handlers: JobHandlers = {
    [JobName.FireSchedule]: (data) => this.fire.run(data),
    [JobName.SweepSchedules]: () => this.sweep.run(),
  };

  constructor(
    private readonly fire: FireScheduleHandler,
    private readonly sweep: ScheduleSweep,
  ) {
    super();
  }
}
