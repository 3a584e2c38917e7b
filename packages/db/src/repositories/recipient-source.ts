import { Prisma, type PrismaClient } from '../generated/prisma/client';

export interface MailingTarget {
  accountId: number;
  /** The Profile column (and subprofile value of that name) with the channel's address. */
  addressField: 'email' | 'mobile' | 'fax';
  databaseId: number;
  collectionId: number | null;
  toSubprofiles: boolean;
  /** A WHERE fragment over alias `r` (the recipient row) with its parameters, for selections. */
  filter: Prisma.Sql | null;
}

/** The part of a channel's address rule the recipient SQL needs (structurally `ChannelAddressRule` of @herald/channels). */
interface RecipientAddressRule {
  field: MailingTarget['addressField'];
  /** A PostgreSQL regular expression a usable (trimmed) address matches. */
  validPattern: string;
  /** Whether two addresses that differ only in case are the same (duplicate suppression). */
  caseInsensitive: boolean;
}

/**
 * When a profile (`profile`, an alias) stopped receiving a channel's messages, or NULL: a general
 * unsubscribe stops every channel, a STOP reply to an SMS stops SMS only. `isSms` is a boolean SQL
 * expression: a constant at dispatch, the mailing's channel at send time, so both read one rule.
 */
export function channelUnsubscribedAt(profile: string, isSms: Prisma.Sql): Prisma.Sql {
  const p = Prisma.raw(profile);
  return Prisma.sql`CASE WHEN ${isSms} THEN COALESCE(${p}."unsubscribedAt", ${p}."smsUnsubscribedAt") ELSE ${p}."unsubscribedAt" END`;
}

/**
 * The recipients of a mailing as SQL: one row per profile (or subprofile) with its address and why
 * it must not be sent to. Written as SQL so that a million recipients never pass through Node.
 * Dispatch writes its destinations from these rows; the API counts a draft's audience from the same rows.
 */
export function recipientRows(target: MailingTarget): Prisma.Sql {
  const filter = target.filter ? Prisma.sql`AND (${target.filter})` : Prisma.empty;
  // A column name cannot be a parameter; it comes from a closed list, never from input.
  const column = Prisma.raw(`"${target.addressField}"`);
  const sms = target.addressField === 'mobile' ? Prisma.sql`true` : Prisma.sql`false`;
  const unsubscribed = (alias: string): Prisma.Sql => channelUnsubscribedAt(alias, sms);
  if (target.toSubprofiles) {
    return Prisma.sql`
      SELECT r.id AS recipient_id, p.id AS profile_id, r.id AS subprofile_id,
             NULLIF(btrim(COALESCE(r.values->>${target.addressField}, p.${column})), '') AS address,
             ${unsubscribed('p')} AS unsubscribed_at, p."disabledAt" AS disabled_at, p."disabledReason" AS disabled_reason
      FROM "Subprofile" r JOIN "Profile" p ON p.id = r."profileId"
      WHERE r."collectionId" = ${target.collectionId} AND p."accountId" = ${target.accountId}
        AND r."deletedAt" IS NULL AND p."deletedAt" IS NULL ${filter}`;
  }
  return Prisma.sql`
    SELECT r.id AS recipient_id, r.id AS profile_id, NULL::int AS subprofile_id,
           NULLIF(btrim(r.${column}), '') AS address,
           ${unsubscribed('r')} AS unsubscribed_at, r."disabledAt" AS disabled_at, r."disabledReason" AS disabled_reason
    FROM "Profile" r
    WHERE r."databaseId" = ${target.databaseId} AND r."accountId" = ${target.accountId} AND r."deletedAt" IS NULL ${filter}`;
}

/**
 * Why a recipient row (alias `rcp` unless named) is not sent to, as a code, or NULL when it is sent to. The order
 * is dispatch's: unsubscribed before disabled before a missing address before an invalid one.
 */
export function recipientExclusion(rule: Pick<RecipientAddressRule, 'validPattern'>, row = 'rcp'): Prisma.Sql {
  const r = Prisma.raw(row);
  return Prisma.sql`CASE WHEN ${r}.unsubscribed_at IS NOT NULL THEN 'unsubscribed'
    WHEN ${r}.disabled_at IS NOT NULL THEN 'disabled'
    WHEN ${r}.address IS NULL THEN 'no-address'
    WHEN ${r}.address !~ ${rule.validPattern} THEN 'invalid-address'
    ELSE NULL END`;
}

/**
 * Turns a `$1, $2…` parameterised fragment (the selection compiler's output) into a Prisma.Sql, so it
 * composes with other tagged queries and its values stay bound parameters.
 */
export function numberedSql(sql: string, params: readonly unknown[], offset = 0): Prisma.Sql {
  const pieces = sql.split(/\$(\d+)/);
  const strings: string[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) strings.push(pieces[i]!);
    else values.push(params[Number(pieces[i]) - 1 - offset]);
  }
  return Prisma.sql(strings, ...values);
}

/** Who a mailing would reach if it were dispatched now, and who it would leave out and why. */
interface MailingAudience {
  recipients: number;
  suppressed: {
    unsubscribed: number;
    disabled: number;
    noAddress: number;
    invalidAddress: number;
    /** Only when the mailing sends once to an address that occurs more than once. */
    duplicates: number;
  };
}

interface AudienceRow {
  usable: bigint;
  distinct_usable: bigint;
  unsubscribed: bigint;
  disabled: bigint;
  no_address: bigint;
  invalid_address: bigint;
}

export const mailingAudienceRepository = {
  /** One pass over the recipient rows, counted the way dispatch would suppress them. */
  async count(
    prisma: PrismaClient,
    target: MailingTarget,
    rule: RecipientAddressRule,
    options: { skipDuplicates: boolean },
  ): Promise<MailingAudience> {
    const key = rule.caseInsensitive ? Prisma.sql`lower(rcp.address)` : Prisma.sql`rcp.address`;
    const [counts] = await prisma.$queryRaw<AudienceRow[]>`
      SELECT count(*) FILTER (WHERE rcp.excluded IS NULL) AS usable,
             count(DISTINCT ${key}) FILTER (WHERE rcp.excluded IS NULL) AS distinct_usable,
             count(*) FILTER (WHERE rcp.excluded = 'unsubscribed') AS unsubscribed,
             count(*) FILTER (WHERE rcp.excluded = 'disabled') AS disabled,
             count(*) FILTER (WHERE rcp.excluded = 'no-address') AS no_address,
             count(*) FILTER (WHERE rcp.excluded = 'invalid-address') AS invalid_address
      FROM (SELECT src.*, ${recipientExclusion(rule, 'src')} AS excluded FROM (${recipientRows(target)}) src) rcp`;
    const usable = Number(counts?.usable ?? 0n);
    const duplicates = options.skipDuplicates ? usable - Number(counts?.distinct_usable ?? 0n) : 0;
    return {
      recipients: usable - duplicates,
      suppressed: {
        unsubscribed: Number(counts?.unsubscribed ?? 0n),
        disabled: Number(counts?.disabled ?? 0n),
        noAddress: Number(counts?.no_address ?? 0n),
        invalidAddress: Number(counts?.invalid_address ?? 0n),
        duplicates,
      },
    };
  },

  /** Up to `limit` addresses the mailing would be sent to, for checks that read the addresses themselves. */
  async addresses(
    prisma: PrismaClient,
    target: MailingTarget,
    rule: RecipientAddressRule,
    limit: number,
  ): Promise<string[]> {
    const rows = await prisma.$queryRaw<{ address: string }[]>`
      SELECT rcp.address FROM (SELECT src.*, ${recipientExclusion(rule, 'src')} AS excluded FROM (${recipientRows(target)}) src) rcp
      WHERE rcp.excluded IS NULL LIMIT ${limit}`;
    return rows.map((row) => row.address);
  },
};
