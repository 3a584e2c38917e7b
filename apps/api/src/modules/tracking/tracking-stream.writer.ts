import type { Redis } from 'ioredis';

interface PendingEntry {
  fields: string[];
  done: (queued: boolean) => void;
}

// One pipeline stays one write to the socket; past this a turn's entries go in several.
const MAX_BATCH = 1_000;

/**
 * Appends tracking events to the Redis stream in one pipeline per turn of the event loop. Under load
 * each HTTP request arrives in an I/O callback of its own, so ioredis's auto-pipelining (per tick)
 * wrote one XADD per request, a write to the socket each: an eighth of the API's CPU per request.
 * Each caller still learns whether its own entry was stored, and answers only after that, so a
 * request answered is an event queued.
 */
export class TrackingStreamWriter {
  private pending: PendingEntry[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly onError: (error: unknown, entries: number) => void,
  ) {}

  /** Resolves to true once Redis has the entry, false if it could not be queued; never rejects. */
  append(fields: string[]): Promise<boolean> {
    return new Promise((done) => {
      this.pending.push({ fields, done });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // After the poll phase: every request read in this turn has queued its entry by then.
        setImmediate(this.flushScheduled);
      }
    });
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const pipeline = this.redis.pipeline();
    for (const entry of batch) pipeline.xadd(this.key, '*', ...entry.fields);
    pipeline.exec().then(
      (results) => {
        let failed = 0;
        let firstError: unknown;
        for (let i = 0; i < batch.length; i++) {
          const error = results?.[i]?.[0] ?? (results ? null : new Error('pipeline discarded'));
          if (error) {
            failed++;
            firstError ??= error;
          }
          batch[i]!.done(!error);
        }
        if (failed > 0) this.onError(firstError, failed);
      },
      (error: unknown) => {
        for (const entry of batch) entry.done(false);
        this.onError(error, batch.length);
      },
    );
  }
}
