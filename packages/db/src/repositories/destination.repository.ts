import type { SqlRunner } from './sql-runner';

/**
 * The columns the fold (`foldDestination` in `@herald/statistics`) reads and writes, as text for the
 * enums: one list for every reader, so a column the fold gains is read everywhere at once.
 */
const RESULT_COLUMNS = `"dominantResult"::text AS "dominantResult", "openedAt", "clickedAt", "unsubscribedAt",
  "complainedAt", "lastErrorKind"::text AS "lastErrorKind"`;
const FOLD_COLUMNS = `status::text AS status, ${RESULT_COLUMNS}`;

/** A destination's fold state as stored (enums as their names). */
export interface StoredFoldState {
  status: string;
  dominantResult: string;
  openedAt: Date | null;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
  complainedAt: Date | null;
  lastErrorKind: string | null;
}

/** A destination locked for a fold, with whose it is. */
export interface LockedDestination extends StoredFoldState {
  /** bigint ids travel as text, the same through pg and Prisma. */
  id: string;
  mailingId: number;
  accountId: number;
  profileId: number;
  sentAt: Date | null;
  erasedAt: Date | null;
}

/**
 * Destinations as the fold sees them, for the send-outcome recorder, event ingestion and erasure.
 * Rows are locked by primary key alone, in id order (so two writers never deadlock): on a table whose
 * statistics are older than the mailing, conditions on the mailing's columns beside the ids were
 * planned as a scan of all its destinations. Callers check mailing and account on what comes back.
 */
export const destinationRepository = {
  async lockForFold(sql: SqlRunner, ids: ReadonlyArray<bigint | string>): Promise<LockedDestination[]> {
    if (ids.length === 0) return [];
    return sql.query<LockedDestination>(
      `SELECT id::text AS id, "mailingId", "accountId", "profileId", "sentAt", "erasedAt", ${FOLD_COLUMNS}
       FROM "Destination" WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
      [[...new Set(ids.map(String))]],
    );
  },

  /**
   * Ends as CANCELLED the destinations in an id range that were not handed over; returns how many.
   * `stopped`: only while the mailing is CANCELLED, so a range of a mailing still sending is never
   * touched. `time-limit`: its maximum duration ran out (the caller decided, `timeLimitPassed`), only
   * while it is SENDING; it then finishes as SENT with these not sent.
   */
  async cancelPending(
    sql: SqlRunner,
    mailing: { mailingId: number; accountId: number },
    range: { first: bigint | string; last: bigint | string },
    why: 'stopped' | 'time-limit' = 'stopped',
  ): Promise<number> {
    const [row] = await sql.query<{ n: number }>(
      `WITH cancelled AS (
         UPDATE "Destination" SET status = 'CANCELLED', "updatedAt" = now()
         WHERE "mailingId" = $1 AND "accountId" = $2 AND id BETWEEN $3::bigint AND $4::bigint AND status = 'PENDING'
           AND EXISTS (SELECT 1 FROM "Mailing" m WHERE m.id = $1 AND m."accountId" = $2 AND m.status = $5::"MailingStatus")
         RETURNING 1)
       SELECT count(*)::int AS n FROM cancelled`,
      [
        mailing.mailingId,
        mailing.accountId,
        String(range.first),
        String(range.last),
        why === 'stopped' ? 'CANCELLED' : 'SENDING',
      ],
    );
    return row?.n ?? 0;
  },

  /** Withdraws a profile's destinations that were not handed over yet (erasure); returns their fold states before. */
  async withdrawPending(
    sql: SqlRunner,
    profile: { profileId: number; accountId: number },
    reason: string,
  ): Promise<Array<StoredFoldState & { mailingId: number }>> {
    return sql.query(
      `UPDATE "Destination" SET status = 'SUPPRESSED', "suppressionReason" = $3, "updatedAt" = now()
       WHERE "profileId" = $1 AND "accountId" = $2 AND status = 'PENDING'
       RETURNING "mailingId", 'PENDING' AS status, ${RESULT_COLUMNS}`,
      [profile.profileId, profile.accountId, reason],
    );
  },
};
