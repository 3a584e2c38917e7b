import type { SqlRunner } from './sql-runner';

export interface SoftErrorStreakRow {
  profileId: number;
  streak: number;
  /** The account's number of soft errors in a row that disables an address. */
  limit: number;
  disabled: boolean;
}

export interface SoftErrorStreakUpdate {
  profileId: number;
  streak: number;
  /** Disable the address now (kept as it is when it already is). */
  disable: boolean;
  reason: string;
}

/** Writes that change whether and why a profile is mailed, scoped by account. */
export const profileSuppressionRepository = {
  /**
   * A STOP (`optOut`) or START reply from a number: opts out of SMS, or back in, the profiles with that
   * mobile number that an SMS mailing was sent to, of every account (a reply names only the number,
   * and Twilio itself blocks the sender after STOP). Returns the profiles changed, with their account.
   */
  async setSmsOptOutByNumber(
    sql: SqlRunner,
    mobile: string,
    optOut: boolean,
  ): Promise<Array<{ id: number; accountId: number }>> {
    return sql.query<{ id: number; accountId: number }>(
      `UPDATE "Profile" p SET "smsUnsubscribedAt" = CASE WHEN $2 THEN COALESCE(p."smsUnsubscribedAt", now()) ELSE NULL END,
         "updatedAt" = now()
       WHERE p.mobile = $1 AND p."deletedAt" IS NULL AND (p."smsUnsubscribedAt" IS NULL) = $2
         AND EXISTS (SELECT 1 FROM "Destination" d JOIN "Mailing" m ON m.id = d."mailingId"
                     WHERE d."profileId" = p.id AND d."accountId" = p."accountId" AND m.channel = 'SMS')
       RETURNING p.id, p."accountId"`,
      [mobile, optOut],
    );
  },

  /** The soft-error runs of these profiles, locked until the transaction ends (lowest id first, so no deadlock). */
  async lockSoftErrorStreaks(
    sql: SqlRunner,
    accountId: number,
    profileIds: readonly number[],
  ): Promise<SoftErrorStreakRow[]> {
    if (profileIds.length === 0) return [];
    return sql.query<SoftErrorStreakRow>(
      `SELECT p.id AS "profileId", p."softErrorStreak" AS streak, a."softErrorLimit" AS "limit", p."disabledAt" IS NOT NULL AS disabled
       FROM "Profile" p JOIN "Account" a ON a.id = p."accountId"
       WHERE p.id = ANY($1::int[]) AND p."accountId" = $2 ORDER BY p.id FOR UPDATE OF p`,
      [[...new Set(profileIds)], accountId],
    );
  },

  async writeSoftErrorStreaks(
    sql: SqlRunner,
    accountId: number,
    updates: readonly SoftErrorStreakUpdate[],
  ): Promise<void> {
    if (updates.length === 0) return;
    await sql.query(
      `UPDATE "Profile" p SET "softErrorStreak" = u.streak, "updatedAt" = now(),
         "disabledAt" = CASE WHEN u.disable AND p."disabledAt" IS NULL THEN now() ELSE p."disabledAt" END,
         "disabledReason" = CASE WHEN u.disable AND p."disabledAt" IS NULL THEN u.reason ELSE p."disabledReason" END
       FROM unnest($1::int[], $2::int[], $3::boolean[], $4::text[]) AS u(id, streak, disable, reason)
       WHERE p.id = u.id AND p."accountId" = $5`,
      [
        updates.map((u) => u.profileId),
        updates.map((u) => u.streak),
        updates.map((u) => u.disable),
        updates.map((u) => u.reason),
        accountId,
      ],
    );
  },

  /** Ends the runs of soft errors of these profiles (a delivery). */
  async endSoftErrorStreaks(sql: SqlRunner, accountId: number, profileIds: readonly number[]): Promise<void> {
    if (profileIds.length === 0) return;
    await sql.query(
      `UPDATE "Profile" SET "softErrorStreak" = 0, "updatedAt" = now() WHERE id = ANY($1::int[]) AND "accountId" = $2 AND "softErrorStreak" <> 0`,
      [[...new Set(profileIds)], accountId],
    );
  },

  /** Disables at once (a hard error, a complaint); an address already disabled keeps its first reason. */
  async disable(
    sql: SqlRunner,
    accountId: number,
    profiles: ReadonlyArray<{ profileId: number; reason: string }>,
  ): Promise<void> {
    if (profiles.length === 0) return;
    await sql.query(
      `UPDATE "Profile" p SET "disabledAt" = now(), "disabledReason" = f.reason, "updatedAt" = now()
       FROM unnest($1::int[], $2::text[]) AS f(id, reason)
       WHERE p.id = f.id AND p."accountId" = $3 AND p."disabledAt" IS NULL`,
      [profiles.map((p) => p.profileId), profiles.map((p) => p.reason.slice(0, 500)), accountId],
    );
  },

  /**
   * Unsubscribes the profile a destination was sent to, keeping the first moment and reason (that is
   * when the person asked). The reason names the mailing by its name, as the marketer knows it (issue 13). The destination comes from a signed value (a tracking token, a signed
   * mailbox); `mailingId`, when given, must match it too. False when there is no such destination.
   */
  async unsubscribeThroughDestination(
    sql: SqlRunner,
    destination: { destinationId: bigint; mailingId?: number },
    reason: string,
  ): Promise<boolean> {
    const rows = await sql.query<{ id: number }>(
      `UPDATE "Profile" p SET "unsubscribedAt" = COALESCE(p."unsubscribedAt", now()),
         "unsubscribeReason" = COALESCE(p."unsubscribeReason", $3 || ' in mailing "' || m.name || '"'), "updatedAt" = now()
       FROM "Destination" d JOIN "Mailing" m ON m.id = d."mailingId"
       WHERE d.id = $1 AND ($2::int IS NULL OR d."mailingId" = $2) AND p.id = d."profileId" AND p."accountId" = d."accountId"
       RETURNING p.id`,
      [destination.destinationId.toString(), destination.mailingId ?? null, reason],
    );
    return rows.length > 0;
  },
};
