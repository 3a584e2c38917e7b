import { Prisma } from '../generated/prisma/client';
import type { SqlRunner } from './sql-runner';

/** The counters of `MailingAggregate`: every column but its keys and time stamp. */
export type MailingAggregateCounter = Exclude<
  Prisma.MailingAggregateScalarFieldEnum,
  'mailingId' | 'accountId' | 'updatedAt'
>;
export type MailingAggregateChanges = Partial<Record<MailingAggregateCounter, number>>;

const COUNTERS = new Set<string>(
  Object.values(Prisma.MailingAggregateScalarFieldEnum).filter(
    (name) => name !== 'mailingId' && name !== 'accountId' && name !== 'updatedAt',
  ),
);

export interface MailingRef {
  mailingId: number;
  accountId: number;
}

/** Only counter columns become identifiers in SQL; anything else is a programming error, refused. */
function columnsOf(changes: MailingAggregateChanges, keepZeros = false): Array<[MailingAggregateCounter, number]> {
  const entries = Object.entries(changes).filter(([, by]) => by !== undefined && (keepZeros || by !== 0)) as Array<
    [MailingAggregateCounter, number]
  >;
  for (const [name, by] of entries) {
    if (!COUNTERS.has(name)) throw new Error(`MailingAggregate has no counter ${JSON.stringify(name)}`);
    if (!Number.isSafeInteger(by)) throw new Error(`MailingAggregate.${name} cannot move by ${by}`);
  }
  return entries;
}

/**
 * The only writer of `MailingAggregate`: its counters move by what the fold (`@herald/statistics`,
 * `foldDestination`) returns, always scoped by the mailing's account.
 */
export const mailingAggregateRepository = {
  /** Moves the counters of one mailing; true when the mailing has an aggregate of this account. */
  async apply(sql: SqlRunner, mailing: MailingRef, changes: MailingAggregateChanges): Promise<boolean> {
    const columns = columnsOf(changes);
    if (columns.length === 0) return true;
    const set = columns.map(([name], i) => `"${name}" = "${name}" + $${i + 3}`).join(', ');
    const rows = await sql.query<{ mailingId: number }>(
      `UPDATE "MailingAggregate" SET ${set}, "updatedAt" = now() WHERE "mailingId" = $1 AND "accountId" = $2 RETURNING "mailingId"`,
      [mailing.mailingId, mailing.accountId, ...columns.map(([, by]) => by)],
    );
    return rows.length > 0;
  },

  /** Creates a mailing's aggregate, all counters at zero, unless it has one. */
  async ensure(sql: SqlRunner, mailing: MailingRef): Promise<void> {
    await mailingAggregateRepository.ensureMany(sql, [mailing]);
  },

  /** The same for several mailings in one statement. */
  async ensureMany(sql: SqlRunner, mailings: readonly MailingRef[]): Promise<void> {
    if (mailings.length === 0) return;
    await sql.query(
      `INSERT INTO "MailingAggregate" ("mailingId", "accountId")
       SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT ("mailingId") DO NOTHING RETURNING "mailingId"`,
      [mailings.map((m) => m.mailingId), mailings.map((m) => m.accountId)],
    );
  },

  /**
   * Sets a mailing's counters to what its destinations add up to when dispatch has written them all
   * (idempotent: a repeated dispatch sets the same figures), creating the aggregate if needed.
   * Counters named in `counters` are set, zeros included; the others are left as they are.
   */
  async initialise(sql: SqlRunner, mailing: MailingRef, counters: MailingAggregateChanges): Promise<void> {
    const columns = columnsOf(counters, true);
    const names = columns.map(([name]) => `"${name}"`);
    const params = columns.map((_, i) => `$${i + 3}`);
    const update = columns.length ? columns.map(([name]) => `"${name}" = EXCLUDED."${name}"`).join(', ') + ', ' : '';
    await sql.query(
      `INSERT INTO "MailingAggregate" ("mailingId", "accountId"${names.map((n) => `, ${n}`).join('')})
       VALUES ($1, $2${params.map((p) => `, ${p}`).join('')})
       ON CONFLICT ("mailingId") DO UPDATE SET ${update}"updatedAt" = now() WHERE "MailingAggregate"."accountId" = EXCLUDED."accountId"
       RETURNING "mailingId"`,
      [mailing.mailingId, mailing.accountId, ...columns.map(([, by]) => by)],
    );
  },
};
