import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { recipientExclusion, recipientRows, type MailingTarget } from './recipient-source';

interface PoolRule {
  validPattern: string;
  caseInsensitive: boolean;
}

/**
 * The recipients a split-run's groups are drawn from: the target's recipient rows (recipient-source)
 * that dispatch would send to, and with `skipDuplicates` only the first recipient of each address, as
 * dispatch keeps it. So a group of 250 is 250 messages.
 */
function pool(target: MailingTarget, rule: PoolRule, skipDuplicates: boolean): Prisma.Sql {
  const key = rule.caseInsensitive ? Prisma.sql`lower(src.address)` : Prisma.sql`src.address`;
  return Prisma.sql`
    SELECT u.recipient_id FROM (
      SELECT src.recipient_id, ${recipientExclusion(rule, 'src')} AS excluded,
             row_number() OVER (PARTITION BY ${skipDuplicates ? key : Prisma.sql`src.recipient_id`} ORDER BY src.recipient_id) AS nth
      FROM (${recipientRows(target)}) src
    ) u WHERE u.excluded IS NULL AND u.nth = 1`;
}

export interface SplitRunDraw {
  splitRunId: number;
  seed: string;
  target: MailingTarget;
  rule: PoolRule;
  skipDuplicates: boolean;
}

/**
 * Test groups drawn in SQL, so a target of millions never passes through Node: every recipient of the
 * pool ranked by md5(seed || id), a random order that the stored seed reproduces; the first `sizes[0]`
 * go to variant 0, the next `sizes[1]` to variant 1, and so on. The rest is the remainder.
 */
export const splitRunGroupRepository = {
  /** How many recipients the groups are drawn from. */
  async poolSize(prisma: PrismaClient | Prisma.TransactionClient, draw: Omit<SplitRunDraw, 'splitRunId' | 'seed'>) {
    const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (${pool(draw.target, draw.rule, draw.skipDuplicates)}) p`;
    return Number(row?.n ?? 0n);
  },

  /** Writes the members of every group; a split-run drawn before is not drawn again (0 written). */
  async draw(prisma: PrismaClient | Prisma.TransactionClient, draw: SplitRunDraw, sizes: readonly number[]) {
    // Group i holds ranks [start_i, start_i + size_i): width_bucket over the groups' first ranks.
    const starts: number[] = [];
    let next = 1;
    for (const size of sizes) {
      starts.push(next);
      next += size;
    }
    const last = next - 1;
    // Hex digits sort alike in every collation: "C" only makes the comparison cheap (half the sort's time).
    return prisma.$executeRaw`
      INSERT INTO "SplitRunMember" ("splitRunId", "recipientId", position)
      SELECT ${draw.splitRunId}, ranked.recipient_id, width_bucket(ranked.rank, ${starts}::bigint[]) - 1
      FROM (
        SELECT p.recipient_id,
               row_number() OVER (ORDER BY md5(${draw.seed} || ':' || p.recipient_id::text) COLLATE "C", p.recipient_id) AS rank
        FROM (${pool(draw.target, draw.rule, draw.skipDuplicates)}) p
      ) ranked
      WHERE ranked.rank <= ${last}
        AND NOT EXISTS (SELECT 1 FROM "SplitRunMember" m WHERE m."splitRunId" = ${draw.splitRunId})`;
  },

  /** The members per group, in position order. */
  async sizes(prisma: PrismaClient | Prisma.TransactionClient, splitRunId: number): Promise<Map<number, number>> {
    const rows = await prisma.$queryRaw<{ position: number; n: bigint }[]>`
      SELECT position, count(*) AS n FROM "SplitRunMember" WHERE "splitRunId" = ${splitRunId} GROUP BY position`;
    return new Map(rows.map((r) => [r.position, Number(r.n)]));
  },
};

/**
 * Which recipients a mailing of a split-run may go to, as a WHERE fragment over alias `r` (the recipient
 * row, as the selection filter): a variant's test mailing its group, the remainder's mailing everyone in
 * no group; null for a mailing that is not part of a split-run.
 */
export async function splitRunRecipientFilter(
  prisma: PrismaClient,
  mailing: { id: number; splitRunId: number | null },
): Promise<Prisma.Sql | null> {
  if (mailing.splitRunId === null) return null;
  const variant = await prisma.splitRunVariant.findFirst({
    where: { mailingId: mailing.id, splitRunId: mailing.splitRunId },
    select: { position: true },
  });
  if (variant)
    return Prisma.sql`r.id IN (SELECT m."recipientId" FROM "SplitRunMember" m
      WHERE m."splitRunId" = ${mailing.splitRunId} AND m.position = ${variant.position})`;
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM "SplitRunMember" m
    WHERE m."splitRunId" = ${mailing.splitRunId} AND m."recipientId" = r.id)`;
}
