import { Prisma, type PrismaClient } from '@herald/db';

export interface ValidImportRow {
  line: number;
  /** Only the columns the mapping names; others of a matched profile are left as they are. */
  email?: string | null;
  mobile?: string | null;
  fax?: string | null;
  values: Record<string, unknown>;
}

export interface ImportRejection {
  line: number;
  reason: string;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportTarget {
  importId: number;
  accountId: number;
  databaseId: number;
  /** 'email' or a custom field name; without it every row creates a profile. */
  keyField: string | null;
}

type Existing = { id: number; key: string; email: string | null; mobile: string | null; fax: string | null; values: Record<string, unknown> };

function keyOf(row: ValidImportRow, keyField: string): string | null {
  const value = keyField === 'email' ? row.email : row.values[keyField];
  return value === undefined || value === null || value === '' ? null : String(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, Object.keys((a ?? {}) as object).sort()) === JSON.stringify(b, Object.keys((b ?? {}) as object).sort());
}

/**
 * Writes one batch of validated rows in one transaction, together with the import's counters and
 * rejections: a batch is either wholly stored or not at all, and a re-run resumes after the last
 * committed batch. Matching on the key field makes a second import of the same file change nothing.
 */
export async function writeImportBatch(
  prisma: PrismaClient,
  target: ImportTarget,
  rows: ValidImportRow[],
  rejections: ImportRejection[],
  rowsInBatch: number,
): Promise<BatchOutcome> {
  const rejected = [...rejections];
  let toWrite = rows;
  if (target.keyField) {
    // The same key twice in one batch: the last line wins, earlier ones are reported.
    const lastLineOfKey = new Map<string, number>();
    for (const row of rows) {
      const key = keyOf(row, target.keyField);
      if (key !== null) lastLineOfKey.set(key, row.line);
    }
    toWrite = rows.filter((row) => {
      const key = keyOf(row, target.keyField!);
      if (key === null) {
        rejected.push({ line: row.line, reason: `${target.keyField} (the key field) is empty` });
        return false;
      }
      const last = lastLineOfKey.get(key)!;
      if (last !== row.line) {
        rejected.push({ line: row.line, reason: `${target.keyField} ${key} appears again on line ${last}, which is used instead` });
        return false;
      }
      return true;
    });
  }

  return prisma.$transaction(async (tx) => {
    const existing = new Map<string, Existing>();
    if (target.keyField && toWrite.length > 0) {
      const keys = toWrite.map((r) => keyOf(r, target.keyField!)!);
      const keyExpr = target.keyField === 'email' ? Prisma.sql`p.email` : Prisma.sql`p.values->>${target.keyField}`;
      const found = await tx.$queryRaw<Existing[]>`
        SELECT DISTINCT ON (${keyExpr}) p.id, ${keyExpr} AS key, p.email, p.mobile, p.fax, p.values
        FROM "Profile" p
        WHERE p."databaseId" = ${target.databaseId} AND p."deletedAt" IS NULL AND ${keyExpr} = ANY(${keys}::text[])
        ORDER BY ${keyExpr}, p.id`;
      for (const row of found) existing.set(row.key, row);
    }

    const creates: ValidImportRow[] = [];
    const updates: Array<{ id: number; row: ValidImportRow; values: Record<string, unknown>; before: Existing }> = [];
    let unchanged = 0;
    for (const row of toWrite) {
      const match = target.keyField ? existing.get(keyOf(row, target.keyField)!) : undefined;
      if (!match) {
        creates.push(row);
        continue;
      }
      const values = { ...match.values, ...row.values };
      const same =
        sameJson(values, match.values) &&
        (row.email === undefined || row.email === match.email) &&
        (row.mobile === undefined || row.mobile === match.mobile) &&
        (row.fax === undefined || row.fax === match.fax);
      if (same) unchanged++;
      else updates.push({ id: match.id, row, values, before: match });
    }

    if (creates.length > 0) {
      await tx.profile.createMany({
        data: creates.map((row) => ({
          accountId: target.accountId,
          databaseId: target.databaseId,
          email: row.email ?? null,
          mobile: row.mobile ?? null,
          fax: row.fax ?? null,
          values: row.values as Prisma.InputJsonValue,
        })),
      });
    }
    if (updates.length > 0) {
      await tx.$executeRaw`
        UPDATE "Profile" AS p SET
          values = u.values,
          email = CASE WHEN u.set_email THEN u.email ELSE p.email END,
          mobile = CASE WHEN u.set_mobile THEN u.mobile ELSE p.mobile END,
          fax = CASE WHEN u.set_fax THEN u.fax ELSE p.fax END,
          "updatedAt" = now()
        FROM (
          SELECT * FROM unnest(
            ${updates.map((u) => u.id)}::int[],
            ${updates.map((u) => JSON.stringify(u.values))}::jsonb[],
            ${updates.map((u) => u.row.email !== undefined)}::boolean[],
            ${updates.map((u) => u.row.email ?? null)}::text[],
            ${updates.map((u) => u.row.mobile !== undefined)}::boolean[],
            ${updates.map((u) => u.row.mobile ?? null)}::text[],
            ${updates.map((u) => u.row.fax !== undefined)}::boolean[],
            ${updates.map((u) => u.row.fax ?? null)}::text[]
          ) AS t(id, values, set_email, email, set_mobile, mobile, set_fax, fax)
        ) AS u
        WHERE p.id = u.id`;
      await tx.profileChange.createMany({
        data: updates.map((u) => ({
          accountId: target.accountId,
          profileId: u.id,
          source: `import:${target.importId}`,
          change: { before: { values: u.before.values, email: u.before.email }, after: { values: u.values, email: u.row.email ?? u.before.email } } as Prisma.InputJsonValue,
        })),
      });
    }
    if (rejected.length > 0) {
      await tx.importRejection.createMany({ data: rejected.map((r) => ({ importId: target.importId, line: r.line, reason: r.reason })) });
    }
    const outcome = { created: creates.length, updated: updates.length, unchanged, rejected: rejected.length };
    await tx.importJob.update({
      where: { id: target.importId },
      data: {
        totalRows: { increment: rowsInBatch },
        created: { increment: outcome.created },
        updated: { increment: outcome.updated },
        unchanged: { increment: outcome.unchanged },
        rejected: { increment: outcome.rejected },
      },
      select: { id: true },
    });
    return outcome;
  }, { timeout: 60_000 });
}
