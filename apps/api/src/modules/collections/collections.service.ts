import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import {
  applyProfilePatch,
  DomainError,
  validateProfileValues,
  validateSubprofileValues,
  type ProfileValues,
} from '@herald/domain';
import type { FieldValue } from '@herald/contracts';
import { iso } from '../../common/iso';
import { pageArgs, type Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import type { FieldResponse } from '../databases/databases.dto';
import { DatabasesService } from '../databases/databases.service';
import { FIELD_SELECT, FieldsService, namedFields, toFieldResponse } from '../databases/fields.service';
import { validOrThrow, writeWithUniqueValues } from '../databases/values';
import type {
  CollectionResponse,
  CreateCollectionDto,
  CreateCollectionFieldDto,
  SubprofileResponse,
  SubprofilesQueryDto,
  UpdateCollectionDto,
} from './collections.dto';

const COLLECTION_SELECT = { id: true, databaseId: true, name: true, createdAt: true } as const;
type CollectionRow = Prisma.CollectionGetPayload<{ select: typeof COLLECTION_SELECT }>;

export const SUBPROFILE_SELECT = {
  id: true,
  collectionId: true,
  profileId: true,
  values: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type SubprofileRow = Prisma.SubprofileGetPayload<{ select: typeof SUBPROFILE_SELECT }>;

export function toSubprofileResponse(row: SubprofileRow): SubprofileResponse {
  return {
    id: row.id,
    collectionId: row.collectionId,
    profileId: row.profileId,
    values: row.values as Record<string, FieldValue>,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function toCollectionResponse(
  row: CollectionRow,
  fields: FieldResponse[],
  subprofileCount: number,
): CollectionResponse {
  return {
    id: row.id,
    databaseId: row.databaseId,
    name: row.name,
    subprofileCount,
    fields,
    createdAt: iso(row.createdAt),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Live subprofiles: neither they nor their profile are deleted. */
const LIVE_SUBPROFILE = { deletedAt: null, profile: { deletedAt: null } } as const;

@Injectable()
export class CollectionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly databases: DatabasesService,
    private readonly fields: FieldsService,
  ) {}

  async create(principal: Principal, databaseId: number, input: CreateCollectionDto): Promise<CollectionResponse> {
    await this.databases.require(principal, databaseId);
    const taken = await this.prisma.client.collection.findFirst({
      where: { databaseId, name: input.name },
      select: { id: true },
    });
    if (taken) throw DomainError.conflict(`A collection named ${input.name} already exists in database ${databaseId}`);
    try {
      const row = await this.prisma.client.collection.create({
        data: {
          accountId: principal.accountId,
          databaseId,
          name: input.name,
          fields: {
            create: namedFields(input.fields ?? []).map((field, position) => ({
              accountId: principal.accountId,
              name: field.name,
              label: field.label,
              type: field.type,
              required: field.required,
              unique: field.unique,
              choices: field.choices ?? [],
              position,
            })),
          },
        },
        select: { ...COLLECTION_SELECT, fields: { select: FIELD_SELECT, orderBy: { position: 'asc' } } },
      });
      return toCollectionResponse(row, row.fields.map(toFieldResponse), 0);
    } catch (error) {
      if (isUniqueViolation(error))
        throw DomainError.conflict(`A collection named ${input.name} already exists in database ${databaseId}`);
      throw error;
    }
  }

  async get(principal: Principal, id: number): Promise<CollectionResponse> {
    const row = await this.require(principal, id);
    const [fields, subprofileCount] = await Promise.all([
      this.fields.list({ collectionId: id }),
      this.prisma.client.subprofile.count({ where: { collectionId: id, ...LIVE_SUBPROFILE } }),
    ]);
    return toCollectionResponse(row, fields, subprofileCount);
  }

  async update(principal: Principal, id: number, input: UpdateCollectionDto): Promise<CollectionResponse> {
    const row = await this.require(principal, id);
    try {
      await this.prisma.client.collection.update({ where: { id }, data: { name: input.name }, select: { id: true } });
    } catch (error) {
      if (isUniqueViolation(error))
        throw DomainError.conflict(`A collection named ${input.name} already exists in database ${row.databaseId}`);
      throw error;
    }
    return this.get(principal, id);
  }

  async remove(principal: Principal, id: number): Promise<void> {
    await this.require(principal, id);
    await this.prisma.client.collection.delete({ where: { id }, select: { id: true } });
  }

  async addField(principal: Principal, id: number, input: CreateCollectionFieldDto): Promise<FieldResponse> {
    await this.require(principal, id);
    return this.fields.add(principal.accountId, { collectionId: id }, input);
  }

  async listSubprofiles(
    principal: Principal,
    id: number,
    query: SubprofilesQueryDto,
  ): Promise<Page<SubprofileResponse>> {
    await this.require(principal, id);
    const where: Prisma.SubprofileWhereInput = { collectionId: id, ...LIVE_SUBPROFILE };
    const [rows, total] = await Promise.all([
      this.prisma.client.subprofile.findMany({
        where,
        select: SUBPROFILE_SELECT,
        orderBy: { id: 'asc' },
        ...pageArgs(query.page, query.pageSize),
      }),
      this.prisma.client.subprofile.count({ where }),
    ]);
    return { items: rows.map(toSubprofileResponse), total, page: query.page, pageSize: query.pageSize };
  }

  async listOfProfile(
    principal: Principal,
    profileId: number,
    collectionId: number | undefined,
  ): Promise<SubprofileResponse[]> {
    await this.requireProfile(principal, profileId);
    const rows = await this.prisma.client.subprofile.findMany({
      where: { profileId, deletedAt: null, ...(collectionId ? { collectionId } : {}) },
      select: SUBPROFILE_SELECT,
      orderBy: { id: 'asc' },
    });
    return rows.map(toSubprofileResponse);
  }

  /** A subprofile belongs to a profile and a collection of the same database. */
  async createSubprofile(
    principal: Principal,
    profileId: number,
    collectionId: number,
    input: Record<string, unknown>,
  ): Promise<SubprofileResponse> {
    const [profile, collection] = await Promise.all([
      this.requireProfile(principal, profileId),
      this.require(principal, collectionId),
    ]);
    if (profile.databaseId !== collection.databaseId) {
      throw DomainError.validation(
        `Collection ${collectionId} is not in database ${profile.databaseId} of profile ${profileId}`,
        [{ path: 'collectionId', message: `is not a collection of database ${profile.databaseId}` }],
      );
    }
    const fields = await this.fields.specs({ collectionId });
    const values = validOrThrow(validateSubprofileValues(fields, input));
    const row = await writeWithUniqueValues(this.prisma.client, { collectionId }, fields, values, null, (tx) =>
      tx.subprofile.create({
        data: { accountId: principal.accountId, collectionId, profileId, values: values as Prisma.InputJsonValue },
        select: SUBPROFILE_SELECT,
      }),
    );
    return toSubprofileResponse(row);
  }

  /** Only the given values change; a value of null removes it. */
  async updateSubprofile(
    principal: Principal,
    id: number,
    input: Record<string, unknown>,
  ): Promise<SubprofileResponse> {
    const before = await this.requireSubprofile(principal, id);
    const fields = await this.fields.specs({ collectionId: before.collectionId });
    const patch = validOrThrow(validateProfileValues(fields, { values: input }, { partial: true }));
    const current = { email: null, mobile: null, fax: null, values: before.values as ProfileValues };
    const { values } = applyProfilePatch(current, patch);
    const row = await writeWithUniqueValues(
      this.prisma.client,
      { collectionId: before.collectionId },
      fields,
      patch.values,
      id,
      (tx) =>
        tx.subprofile.update({
          where: { id },
          data: { values: values as Prisma.InputJsonValue },
          select: SUBPROFILE_SELECT,
        }),
    );
    return toSubprofileResponse(row);
  }

  /** The row stays for the collection's statistics (removed per day); its values, personal data, go. */
  async removeSubprofile(principal: Principal, id: number): Promise<void> {
    await this.requireSubprofile(principal, id);
    await this.prisma.client.subprofile.update({
      where: { id },
      data: { deletedAt: new Date(), values: {} },
      select: { id: true },
    });
  }

  /** A collection of the caller's account. */
  async require(principal: Principal, id: number): Promise<CollectionRow> {
    const row = await this.prisma.client.collection.findFirst({
      where: { id, accountId: principal.accountId },
      select: COLLECTION_SELECT,
    });
    if (!row) throw DomainError.notFound('Collection', id);
    return row;
  }

  private async requireProfile(principal: Principal, id: number): Promise<{ id: number; databaseId: number }> {
    const row = await this.prisma.client.profile.findFirst({
      where: { id, accountId: principal.accountId, deletedAt: null },
      select: { id: true, databaseId: true },
    });
    if (!row) throw DomainError.notFound('Profile', id);
    return row;
  }

  private async requireSubprofile(principal: Principal, id: number): Promise<SubprofileRow> {
    const row = await this.prisma.client.subprofile.findFirst({
      where: { id, accountId: principal.accountId, ...LIVE_SUBPROFILE },
      select: SUBPROFILE_SELECT,
    });
    if (!row) throw DomainError.notFound('Subprofile', id);
    return row;
  }
}
