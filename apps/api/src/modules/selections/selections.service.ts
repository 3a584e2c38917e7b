import { Injectable } from '@nestjs/common';
import type { Prisma } from '@herald/db';
import { compileSelection, DomainError } from '@herald/domain';
import type { SelectionGroup } from '@herald/contracts';
import { iso } from '../../common/iso';
import type { Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import {
  CollectionsService,
  SUBPROFILE_SELECT,
  toSubprofileResponse,
  type SubprofileRow,
} from '../collections/collections.service';
import type { SubprofileResponse } from '../collections/collections.dto';
import { DatabasesService } from '../databases/databases.service';
import { FieldsService } from '../databases/fields.service';
import { PROFILE_COLUMNS, toProfileResponse, type ProfileRow } from '../profiles/profiles.service';
import type { ProfileResponse } from '../profiles/profiles.dto';
import type { CreateSelectionDto, PreviewQueryDto, SelectionResponse, UpdateSelectionDto } from './selections.dto';

const SELECTION_SELECT = {
  id: true,
  databaseId: true,
  collectionId: true,
  name: true,
  conditions: true,
  createdAt: true,
  updatedAt: true,
} as const;
type SelectionRow = Prisma.SelectionGetPayload<{ select: typeof SELECTION_SELECT }>;

function toSelectionResponse(row: SelectionRow): SelectionResponse {
  return {
    id: row.id,
    databaseId: row.databaseId,
    collectionId: row.collectionId,
    name: row.name,
    conditions: row.conditions as unknown as SelectionGroup,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** What a selection selects from: the profiles of a database or the subprofiles of one of its collections. */
interface SelectionTarget {
  accountId: number;
  databaseId: number;
  collectionId: number | null;
}

/** The rows a target holds, as `FROM … WHERE …` over alias `r` with $1 and $2 taken; deleted rows never count. */
function targetSql(target: SelectionTarget): { from: string; params: unknown[] } {
  if (target.collectionId === null) {
    return {
      from: `"Profile" r WHERE r."accountId" = $1 AND r."databaseId" = $2 AND r."deletedAt" IS NULL`,
      params: [target.accountId, target.databaseId],
    };
  }
  return {
    from: `"Subprofile" r WHERE r."accountId" = $1 AND r."collectionId" = $2 AND r."deletedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "Profile" owner WHERE owner.id = r."profileId" AND owner."deletedAt" IS NULL)`,
    params: [target.accountId, target.collectionId],
  };
}

@Injectable()
export class SelectionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly databases: DatabasesService,
    private readonly collections: CollectionsService,
    private readonly fields: FieldsService,
  ) {}

  async list(principal: Principal, databaseId: number): Promise<SelectionResponse[]> {
    await this.databases.require(principal, databaseId);
    const rows = await this.prisma.client.selection.findMany({
      where: { accountId: principal.accountId, databaseId },
      select: SELECTION_SELECT,
      orderBy: { id: 'asc' },
    });
    return rows.map(toSelectionResponse);
  }

  async get(principal: Principal, id: number): Promise<SelectionResponse> {
    return toSelectionResponse(await this.find(principal, id));
  }

  async create(principal: Principal, databaseId: number, input: CreateSelectionDto): Promise<SelectionResponse> {
    const target = await this.target(principal, databaseId, input.collectionId ?? null);
    // Compiling checks the tree against the fields: a condition on an unknown field is a 400 now, not at send time.
    await this.compile(target, input.conditions);
    const row = await this.prisma.client.selection.create({
      data: {
        accountId: principal.accountId,
        databaseId,
        collectionId: target.collectionId,
        name: input.name,
        conditions: input.conditions as unknown as Prisma.InputJsonValue,
      },
      select: SELECTION_SELECT,
    });
    return toSelectionResponse(row);
  }

  async update(principal: Principal, id: number, input: UpdateSelectionDto): Promise<SelectionResponse> {
    const selection = await this.find(principal, id);
    if (input.conditions) await this.compile(this.targetOf(principal, selection), input.conditions);
    const row = await this.prisma.client.selection.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.conditions ? { conditions: input.conditions as unknown as Prisma.InputJsonValue } : {}),
      },
      select: SELECTION_SELECT,
    });
    return toSelectionResponse(row);
  }

  async remove(principal: Principal, id: number): Promise<void> {
    await this.find(principal, id);
    await this.prisma.client.selection.delete({ where: { id }, select: { id: true } });
  }

  /** The live count of a tree that is not saved yet. */
  async countTree(
    principal: Principal,
    databaseId: number,
    conditions: SelectionGroup,
    collectionId: number | undefined,
  ): Promise<number> {
    const target = await this.target(principal, databaseId, collectionId ?? null);
    return this.count(target, conditions);
  }

  async countSaved(principal: Principal, id: number): Promise<number> {
    const selection = await this.find(principal, id);
    return this.count(this.targetOf(principal, selection), selection.conditions as unknown as SelectionGroup);
  }

  /** A page of what the selection selects: profiles, or subprofiles for a collection's selection. */
  async preview(
    principal: Principal,
    id: number,
    query: PreviewQueryDto,
  ): Promise<Page<ProfileResponse> | Page<SubprofileResponse>> {
    const selection = await this.find(principal, id);
    const target = this.targetOf(principal, selection);
    const { sql, params } = await this.whereOf(target, selection.conditions as unknown as SelectionGroup);
    const paging = [query.pageSize, (query.page - 1) * query.pageSize];
    const limit = `ORDER BY r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    const total = this.countSql(sql, params);
    if (target.collectionId === null) {
      const [rows, count] = await Promise.all([
        this.prisma.client.$queryRawUnsafe<ProfileRow[]>(
          `SELECT ${PROFILE_COLUMNS('r')} FROM ${sql} ${limit}`,
          ...params,
          ...paging,
        ),
        total,
      ]);
      return { items: rows.map(toProfileResponse), total: count, page: query.page, pageSize: query.pageSize };
    }
    const columns = Object.keys(SUBPROFILE_SELECT)
      .map((column) => `r."${column}"`)
      .join(', ');
    const [rows, count] = await Promise.all([
      this.prisma.client.$queryRawUnsafe<SubprofileRow[]>(
        `SELECT ${columns} FROM ${sql} ${limit}`,
        ...params,
        ...paging,
      ),
      total,
    ]);
    return { items: rows.map(toSubprofileResponse), total: count, page: query.page, pageSize: query.pageSize };
  }

  /** One `count(*)` over the target with the compiled conditions. */
  private async count(target: SelectionTarget, conditions: SelectionGroup): Promise<number> {
    const { sql, params } = await this.whereOf(target, conditions);
    return this.countSql(sql, params);
  }

  private async countSql(sql: string, params: unknown[]): Promise<number> {
    const rows = await this.prisma.client.$queryRawUnsafe<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM ${sql}`,
      ...params,
    );
    return rows[0]?.count ?? 0;
  }

  /** `FROM`-clause text and its parameters: the target's rows narrowed by the compiled tree. */
  private async whereOf(
    target: SelectionTarget,
    conditions: SelectionGroup,
  ): Promise<{ sql: string; params: unknown[] }> {
    const base = targetSql(target);
    const compiled = await this.compile(target, conditions, base.params.length);
    return { sql: `${base.from} AND (${compiled.sql})`, params: [...base.params, ...compiled.params] };
  }

  private async compile(
    target: SelectionTarget,
    conditions: SelectionGroup,
    paramOffset = 0,
  ): Promise<{ sql: string; params: unknown[] }> {
    const fields = await this.fields.specs(
      target.collectionId === null ? { databaseId: target.databaseId } : { collectionId: target.collectionId },
    );
    try {
      return compileSelection(conditions, fields, {
        table: target.collectionId === null ? 'Profile' : 'Subprofile',
        alias: 'r',
        paramOffset,
      });
    } catch (error) {
      // The compiler names each bad condition; the message names them too, like every 400.
      if (error instanceof DomainError && error.issues.length > 0) {
        // Paths in the request body: the tree is its `conditions`.
        const issues = error.issues.map((issue) => ({
          path: issue.path ? `conditions.${issue.path}` : 'conditions',
          message: issue.message,
        }));
        const summary = issues
          .slice(0, 5)
          .map((issue) => `${issue.path}: ${issue.message}`)
          .join('; ');
        throw DomainError.validation(`Invalid conditions: ${summary}`, issues);
      }
      throw error;
    }
  }

  private async target(
    principal: Principal,
    databaseId: number,
    collectionId: number | null,
  ): Promise<SelectionTarget> {
    await this.databases.require(principal, databaseId);
    if (collectionId !== null) {
      const collection = await this.collections.require(principal, collectionId);
      if (collection.databaseId !== databaseId) {
        throw DomainError.validation(`Collection ${collectionId} is not in database ${databaseId}`, [
          { path: 'collectionId', message: `is not a collection of database ${databaseId}` },
        ]);
      }
    }
    return { accountId: principal.accountId, databaseId, collectionId };
  }

  private targetOf(principal: Principal, selection: SelectionRow): SelectionTarget {
    return { accountId: principal.accountId, databaseId: selection.databaseId, collectionId: selection.collectionId };
  }

  private async find(principal: Principal, id: number): Promise<SelectionRow> {
    const row = await this.prisma.client.selection.findFirst({
      where: { id, accountId: principal.accountId },
      select: SELECTION_SELECT,
    });
    if (!row) throw DomainError.notFound('Selection', id);
    return row;
  }
}
