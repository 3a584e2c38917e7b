import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlRunner } from './sql-runner';

export interface ProviderTarget {
  mailingId: number;
  destinationId: bigint;
}

const SEND_RECORD_WAIT_MS = 15_000;
const SEND_RECORD_POLL_MS = 200;

/** The destinations an SMS or fax provider reports on, read and written by its status (webhook or status mail). */
export const providerDestinationRepository = {
  /**
   * The destination a provider's status names, once its send is recorded: a status can come before
   * the worker has stored the send's outcome in its batch, and a failure folded before the send would
   * be undone by it. Waits a while for it; after that the status is recorded all the same.
   */
  async sentDestination(
    sql: SqlRunner,
    target: ProviderTarget,
    waitMs = SEND_RECORD_WAIT_MS,
  ): Promise<{ providerMessageId: string | null } | null> {
    const until = Date.now() + waitMs;
    for (;;) {
      const [row] = await sql.query<{ providerMessageId: string | null }>(
        `SELECT "providerMessageId" FROM "Destination" WHERE id = $1::bigint AND "mailingId" = $2`,
        [target.destinationId.toString(), target.mailingId],
      );
      if (!row || row.providerMessageId !== null || Date.now() > until) return row ?? null;
      await sleep(SEND_RECORD_POLL_MS);
    }
  },

  /** The pages a fax had, as its provider reports them, and when it was reported delivered (null: it was not). */
  async storeFaxStatus(sql: SqlRunner, target: ProviderTarget, pages: number, deliveredAt: Date | null): Promise<void> {
    await sql.query(
      `UPDATE "Destination" SET "faxPages" = $3, "deliveryConfirmedAt" = COALESCE("deliveryConfirmedAt", $4)
       WHERE id = $1::bigint AND "mailingId" = $2`,
      [target.destinationId.toString(), target.mailingId, pages, deliveredAt],
    );
  },

  /** The provider's delivery report of an SMS: the first one counts. */
  async confirmDelivery(sql: SqlRunner, target: ProviderTarget, at: Date): Promise<void> {
    await sql.query(
      `UPDATE "Destination" SET "deliveryConfirmedAt" = $3
       WHERE id = $1::bigint AND "mailingId" = $2 AND "deliveryConfirmedAt" IS NULL`,
      [target.destinationId.toString(), target.mailingId, at],
    );
  },
};

/** Both reads and writes of one provider's statuses over one connection (the shape recordFaxStatus takes). */
export function providerDestinations(sql: SqlRunner): {
  sentDestination(target: ProviderTarget): Promise<{ providerMessageId: string | null } | null>;
  storeStatus(target: ProviderTarget, pages: number, deliveredAt: Date | null): Promise<void>;
} {
  return {
    sentDestination: (target) => providerDestinationRepository.sentDestination(sql, target),
    storeStatus: (target, pages, deliveredAt) =>
      providerDestinationRepository.storeFaxStatus(sql, target, pages, deliveredAt),
  };
}
