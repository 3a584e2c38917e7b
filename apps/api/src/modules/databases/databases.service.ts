import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import { DomainError } from '@herald/domain';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import type {
  CreateDatabaseDto,
  CreateFieldDto,
  DatabaseDetailResponse,
  DatabaseSummaryResponse,
  FieldResponse,
  UpdateDatabaseDto,
} from './databases.dto';
import { FIELD_SELECT, FieldsService, namedFields, toFieldResponse } from './fields.service';

const DATABASE_SELECT = { id: true, name: true, description: true, createdAt: true, updatedAt: true } as const;
type DatabaseRow = Prisma.DatabaseGetPayload<{ select: typeof DATABASE_SELECT }>;

function toSummary(row: DatabaseRow, profileCount: number): DatabaseSummaryResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    profileCount,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

@Injectable()
export class DatabasesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly fields: FieldsService,
  ) {}

  /** The database if it belongs to the caller's account; another account's id is simply unknown. */
  async require(principal: Principal, id: number): Promise<{ id: number }> {
    const found = await this.prisma.client.database.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true },
    });
    if (!found) throw DomainError.notFound('Database', id);
    return found;
  }

  async list(principal: Principal): Promise<DatabaseSummaryResponse[]> {
    const rows = await this.prisma.client.database.findMany({
      where: { accountId: principal.accountId },
      select: DATABASE_SELECT,
      orderBy: { id: 'asc' },
    });
    const counts = await this.profileCounts(rows.map((r) => r.id));
    return rows.map((row) => toSummary(row, counts.get(row.id) ?? 0));
  }

  async get(principal: Principal, id: number): Promise<DatabaseDetailResponse> {
    const row = await this.prisma.client.database.findFirst({
      where: { id, accountId: principal.accountId },
      select: DATABASE_SELECT,
    });
    if (!row) throw DomainError.notFound('Database', id);
    const [counts, fields, collections, subprofileCounts] = await Promise.all([
      this.profileCounts([id]),
      this.fields.list({ databaseId: id }),
      this.prisma.client.collection.findMany({
        where: { databaseId: id },
        select: { id: true, name: true },
        orderBy: { id: 'asc' },
      }),
      this.prisma.client.subprofile.groupBy({
        by: ['collectionId'],
        where: { collection: { databaseId: id }, deletedAt: null },
        _count: { _all: true },
      }),
    ]);
    const subprofilesOf = new Map(subprofileCounts.map((c) => [c.collectionId, c._count._all]));
    return {
      ...toSummary(row, counts.get(id) ?? 0),
      fields,
      collections: collections.map((c) => ({ id: c.id, name: c.name, subprofileCount: subprofilesOf.get(c.id) ?? 0 })),
    };
  }

  async create(principal: Principal, input: CreateDatabaseDto): Promise<DatabaseDetailResponse> {
    const taken = await this.prisma.client.database.findFirst({
      where: { accountId: principal.accountId, name: input.name },
      select: { id: true },
    });
    if (taken) throw DomainError.conflict(`A database named ${input.name} already exists`);
    try {
      const row = await this.prisma.client.database.create({
        data: {
          accountId: principal.accountId,
          name: input.name,
          description: input.description ?? '',
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
        select: { ...DATABASE_SELECT, fields: { select: FIELD_SELECT, orderBy: { position: 'asc' } } },
      });
      return { ...toSummary(row, 0), fields: row.fields.map(toFieldResponse), collections: [] };
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.conflict(`A database named ${input.name} already exists`);
      throw error;
    }
  }

  async update(principal: Principal, id: number, input: UpdateDatabaseDto): Promise<DatabaseDetailResponse> {
    await this.require(principal, id);
    try {
      await this.prisma.client.database.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
        },
        select: { id: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.conflict(`A database named ${input.name} already exists`);
      throw error;
    }
    return this.get(principal, id);
  }

  async addField(principal: Principal, id: number, input: CreateFieldDto): Promise<FieldResponse> {
    await this.require(principal, id);
    return this.fields.add(principal.accountId, { databaseId: id }, input);
  }

  /** Deletes the database with its profiles, collections and selections (foreign keys cascade). */
  async remove(principal: Principal, id: number): Promise<void> {
    await this.require(principal, id);
    await this.prisma.client.database.delete({ where: { id }, select: { id: true } });
  }

  private async profileCounts(databaseIds: number[]): Promise<Map<number, number>> {
    if (databaseIds.length === 0) return new Map();
    const counts = await this.prisma.client.profile.groupBy({
      by: ['databaseId'],
      where: { databaseId: { in: databaseIds }, deletedAt: null },
      _count: { _all: true },
    });
    return new Map(counts.map((c) => [c.databaseId, c._count._all]));
  }
}
