import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import {
  applyProfilePatch,
  DomainError,
  profileChanges,
  validateProfileValues,
  type ProfileData,
  type ProfilePatch,
} from '@herald/domain';
import type { FieldValue } from '@herald/contracts';
import { iso } from '../../common/iso';
import type { Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { DatabasesService } from '../databases/databases.service';
import { FieldsService } from '../databases/fields.service';
import { validOrThrow, writeWithUniqueValues } from '../databases/values';
import type { CreateProfileDto, ProfileResponse, ProfilesQueryDto, UpdateProfileDto } from './profiles.dto';

const PROFILE_SELECT = {
  id: true,
  databaseId: true,
  email: true,
  mobile: true,
  fax: true,
  values: true,
  unsubscribedAt: true,
  unsubscribeReason: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type ProfileRow = Prisma.ProfileGetPayload<{ select: typeof PROFILE_SELECT }>;

/** The same columns for raw queries (search, selections), aliased as Prisma would name them. */
export const PROFILE_COLUMNS = (alias: string): string =>
  [
    'id',
    'databaseId',
    'email',
    'mobile',
    'fax',
    'values',
    'unsubscribedAt',
    'unsubscribeReason',
    'disabledAt',
    'disabledReason',
    'createdAt',
    'updatedAt',
  ]
    .map((column) => `${alias}."${column}"`)
    .join(', ');

export function toProfileResponse(row: ProfileRow): ProfileResponse {
  return {
    id: row.id,
    databaseId: row.databaseId,
    email: row.email,
    mobile: row.mobile,
    fax: row.fax,
    values: row.values as Record<string, FieldValue>,
    unsubscribedAt: iso(row.unsubscribedAt),
    unsubscribeReason: row.unsubscribeReason,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Who made a change, for the profile's history. */
export function changeSource(principal: Principal): string {
  return principal.userId !== null ? `user:${principal.userId}` : `api-key:${principal.apiKeyId}`;
}

/** `%` and `_` in what a user searches for are literal characters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class ProfilesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly databases: DatabasesService,
    private readonly fields: FieldsService,
  ) {}

  async list(principal: Principal, databaseId: number, query: ProfilesQueryDto): Promise<Page<ProfileResponse>> {
    await this.databases.require(principal, databaseId);
    const params: unknown[] = [principal.accountId, databaseId];
    let where = `p."accountId" = $1 AND p."databaseId" = $2 AND p."deletedAt" IS NULL`;
    if (query.search) {
      params.push(likePattern(query.search));
      where += ` AND (p.email ILIKE $3 OR p.mobile ILIKE $3 OR EXISTS (SELECT 1 FROM jsonb_each_text(p.values) v WHERE v.value ILIKE $3))`;
    }
    const [rows, counted] = await Promise.all([
      this.prisma.client.$queryRawUnsafe<ProfileRow[]>(
        `SELECT ${PROFILE_COLUMNS('p')} FROM "Profile" p WHERE ${where} ORDER BY p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        ...params,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ),
      this.prisma.client.$queryRawUnsafe<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM "Profile" p WHERE ${where}`,
        ...params,
      ),
    ]);
    return {
      items: rows.map(toProfileResponse),
      total: counted[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(principal: Principal, id: number): Promise<ProfileResponse> {
    return toProfileResponse(await this.find(principal, id));
  }

  async create(principal: Principal, databaseId: number, input: CreateProfileDto): Promise<ProfileResponse> {
    await this.databases.require(principal, databaseId);
    const fields = await this.fields.specs({ databaseId });
    const profile = validOrThrow(validateProfileValues(fields, input));
    const row = await writeWithUniqueValues(this.prisma.client, { databaseId }, fields, profile.values, null, (tx) =>
      tx.profile.create({
        data: {
          accountId: principal.accountId,
          databaseId,
          email: profile.email,
          mobile: profile.mobile,
          fax: profile.fax,
          values: profile.values as Prisma.InputJsonValue,
        },
        select: PROFILE_SELECT,
      }),
    );
    return toProfileResponse(row);
  }

  /** Only what is given changes; a value of null removes it. Every change lands in the profile's history. */
  async update(principal: Principal, id: number, input: UpdateProfileDto): Promise<ProfileResponse> {
    const before = await this.find(principal, id);
    const fields = await this.fields.specs({ databaseId: before.databaseId });
    const patch = validOrThrow(validateProfileValues(fields, input, { partial: true }));
    const current = storedProfile(before);
    const changes = profileChanges(current, patch);
    if (!changes) return toProfileResponse(before);
    const after = applyProfilePatch(current, changes);
    const row = await writeWithUniqueValues(
      this.prisma.client,
      { databaseId: before.databaseId },
      fields,
      changes.values,
      id,
      async (tx) => {
        const updated = await tx.profile.update({
          where: { id },
          data: {
            email: after.email,
            mobile: after.mobile,
            fax: after.fax,
            values: after.values as Prisma.InputJsonValue,
          },
          select: PROFILE_SELECT,
        });
        await tx.profileChange.create({
          data: {
            accountId: principal.accountId,
            profileId: id,
            source: changeSource(principal),
            change: describeChange(current, changes),
          },
        });
        return updated;
      },
    );
    return toProfileResponse(row);
  }

  async unsubscribe(principal: Principal, id: number, reason: string | undefined): Promise<ProfileResponse> {
    const profile = await this.find(principal, id);
    // Unsubscribing twice keeps the first moment: that is when the person asked.
    const unsubscribedAt = profile.unsubscribedAt ?? new Date();
    return this.record(
      principal,
      id,
      { unsubscribedAt, unsubscribeReason: reason ?? profile.unsubscribeReason ?? null },
      { unsubscribed: true, reason: reason ?? null },
    );
  }

  async resubscribe(principal: Principal, id: number): Promise<ProfileResponse> {
    await this.find(principal, id);
    return this.record(principal, id, { unsubscribedAt: null, unsubscribeReason: null }, { unsubscribed: false });
  }

  /** Clears the disabled state that hard or repeated soft errors set, so mailings reach the profile again. */
  async enable(principal: Principal, id: number): Promise<ProfileResponse> {
    await this.find(principal, id);
    return this.record(
      principal,
      id,
      { disabledAt: null, disabledReason: null, softErrorStreak: 0 },
      { disabled: false },
    );
  }

  /** A live profile of the caller's account. */
  async find(principal: Principal, id: number): Promise<ProfileRow> {
    const row = await this.prisma.client.profile.findFirst({
      where: { id, accountId: principal.accountId, deletedAt: null },
      select: PROFILE_SELECT,
    });
    if (!row) throw DomainError.notFound('Profile', id);
    return row;
  }

  private async record(
    principal: Principal,
    id: number,
    data: Prisma.ProfileUpdateInput,
    change: Record<string, unknown>,
  ): Promise<ProfileResponse> {
    const [row] = await this.prisma.client.$transaction([
      this.prisma.client.profile.update({ where: { id }, data, select: PROFILE_SELECT }),
      this.prisma.client.profileChange.create({
        data: {
          accountId: principal.accountId,
          profileId: id,
          source: changeSource(principal),
          change: change as Prisma.InputJsonValue,
        },
      }),
    ]);
    return toProfileResponse(row);
  }
}

function storedProfile(row: ProfileRow): ProfileData {
  return { email: row.email, mobile: row.mobile, fax: row.fax, values: row.values as ProfileData['values'] };
}

/** Before and after of each changed column and value, for the profile's history. */
function describeChange(current: ProfileData, changes: ProfilePatch): Prisma.InputJsonValue {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const column of ['email', 'mobile', 'fax'] as const) {
    if (changes[column] !== undefined) {
      before[column] = current[column];
      after[column] = changes[column];
    }
  }
  const names = Object.keys(changes.values);
  if (names.length > 0) {
    before.values = Object.fromEntries(names.map((name) => [name, current.values[name] ?? null]));
    after.values = changes.values;
  }
  return { before, after } as Prisma.InputJsonValue;
}
