import type { Prisma, PrismaClient } from '@herald/db';
import { DomainError, DomainErrorCode, type FieldSpec, type ProfileValidation } from '@herald/domain';

/** The valid profile, or a 400 that names every field in error (`email`, `values.birthdate`). */
export function validOrThrow<T>(result: ProfileValidation<T>): T {
  if (result.ok) return result.profile;
  const summary = result.issues
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  throw DomainError.validation(`Invalid request: ${summary}`, result.issues);
}

/** Where values live: profiles of a database or subprofiles of a collection. */
export type ValuesOwner = { databaseId: number } | { collectionId: number };

// Serialises writes that check unique fields of one owner, so two requests cannot both take a value.
const UNIQUE_LOCK = { databaseId: 73_001, collectionId: 73_002 } as const;

/**
 * Runs `write` after checking that no other live row of the owner holds a value of a unique field.
 * The check and the write share one transaction, under a per-owner advisory lock when there is
 * a unique value to check.
 */
export async function writeWithUniqueValues<T>(
  prisma: PrismaClient,
  owner: ValuesOwner,
  fields: readonly FieldSpec[],
  values: Record<string, unknown>,
  selfId: number | null,
  write: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  const unique = fields.filter((f) => f.unique && values[f.name] !== undefined && values[f.name] !== null);
  const [table, column, ownerId, lock, what] =
    'databaseId' in owner
      ? (['"Profile"', '"databaseId"', owner.databaseId, UNIQUE_LOCK.databaseId, 'profile'] as const)
      : (['"Subprofile"', '"collectionId"', owner.collectionId, UNIQUE_LOCK.collectionId, 'subprofile'] as const);
  return prisma.$transaction(async (tx) => {
    if (unique.length > 0) await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1, $2)', lock, ownerId);
    for (const field of unique) {
      const value = String(values[field.name]);
      const taken = await tx.$queryRawUnsafe<Array<{ id: number }>>(
        `SELECT id FROM ${table} WHERE ${column} = $1 AND "deletedAt" IS NULL AND values->>$2 = $3 AND id <> $4 LIMIT 1`,
        ownerId,
        field.name,
        value,
        selfId ?? 0,
      );
      if (taken.length > 0) {
        throw new DomainError(
          DomainErrorCode.Conflict,
          `values.${field.name}: ${value} is already used by ${what} ${taken[0]!.id}`,
          [{ path: `values.${field.name}`, message: `${value} is already used by another ${what}` }],
        );
      }
    }
    return write(tx);
  });
}
