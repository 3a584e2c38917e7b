import { Prisma } from '@herald/db';

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

/**
 * The recipients of a mailing as SQL: one row per profile (or subprofile) with its address and why
 * it must not be sent to. Written as SQL so that a million recipients never pass through Node.
 */
export function recipientRows(target: MailingTarget): Prisma.Sql {
  const filter = target.filter ? Prisma.sql`AND (${target.filter})` : Prisma.empty;
  // A column name cannot be a parameter; it comes from a closed list, never from input.
  const column = Prisma.raw(`"${target.addressField}"`);
  if (target.toSubprofiles) {
    return Prisma.sql`
      SELECT r.id AS recipient_id, p.id AS profile_id, r.id AS subprofile_id,
             NULLIF(btrim(COALESCE(r.values->>${target.addressField}, p.${column})), '') AS address,
             p."unsubscribedAt" AS unsubscribed_at, p."disabledAt" AS disabled_at, p."disabledReason" AS disabled_reason
      FROM "Subprofile" r JOIN "Profile" p ON p.id = r."profileId"
      WHERE r."collectionId" = ${target.collectionId} AND p."accountId" = ${target.accountId}
        AND r."deletedAt" IS NULL AND p."deletedAt" IS NULL ${filter}`;
  }
  return Prisma.sql`
    SELECT r.id AS recipient_id, r.id AS profile_id, NULL::int AS subprofile_id,
           NULLIF(btrim(r.${column}), '') AS address,
           r."unsubscribedAt" AS unsubscribed_at, r."disabledAt" AS disabled_at, r."disabledReason" AS disabled_reason
    FROM "Profile" r
    WHERE r."databaseId" = ${target.databaseId} AND r."accountId" = ${target.accountId} AND r."deletedAt" IS NULL ${filter}`;
}
