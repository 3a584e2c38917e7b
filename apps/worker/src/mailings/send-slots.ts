/**
 * The send jobs of one worker process that may hand messages over at once. BullMQ runs more jobs than
 * this (SendProcessor), so that a job reads its destinations, and stores its last outcomes after its
 * lanes are done, while other jobs send: the provider sees SEND_JOB_CONCURRENCY jobs' lanes all along,
 * instead of none between one wave of jobs and the next (a 5,000-message SMS mailing lost about a
 * tenth of its sending time to these gaps, issue 18's benchmark).
 */
export class SendSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Resolves when a slot is this caller's, in the order callers asked. */
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free = Math.min(this.size, this.free + 1);
  }
}
