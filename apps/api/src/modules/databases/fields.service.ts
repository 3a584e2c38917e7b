import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import { DomainError, fieldKeyFromLabel, type FieldSpec } from '@herald/domain';
import { RESERVED_FIELD_NAMES, type CreateFieldRequest, type FieldDefinition } from '@herald/contracts';
import { PrismaService } from '../../common/prisma.service';
import type { FieldResponse } from './databases.dto';

/** A database's fields or a collection's: the two share the Field table and its rules. */
export type FieldOwner = { databaseId: number } | { collectionId: number };

export const FIELD_SELECT = {
  id: true,
  name: true,
  label: true,
  type: true,
  required: true,
  unique: true,
  choices: true,
  position: true,
} as const;

type FieldRow = Prisma.FieldGetPayload<{ select: typeof FIELD_SELECT }>;

export function toFieldResponse(row: FieldRow): FieldResponse {
  return {
    id: row.id,
    name: row.name,
    label: row.label ?? row.name,
    type: row.type,
    required: row.required,
    unique: row.unique,
    choices: row.choices,
    position: row.position,
  };
}

/**
 * The key and label of each new field: a name given is kept, a missing one is made from the
 * label, unique among the names given, the `existing` ones and the reserved ones; a missing
 * label is the name.
 */
export function namedFields<T extends Pick<FieldDefinition, 'name' | 'label'>>(
  definitions: readonly T[],
  existing: readonly string[] = [],
): Array<T & { name: string; label: string }> {
  const taken = [...RESERVED_FIELD_NAMES, ...existing, ...definitions.flatMap((field) => field.name ?? [])];
  return definitions.map((field) => {
    const name = field.name ?? fieldKeyFromLabel(field.label ?? '', taken);
    if (field.name === undefined) taken.push(name);
    return { ...field, name, label: field.label ?? name };
  });
}

function ownerWhere(owner: FieldOwner): Prisma.FieldWhereInput {
  return 'databaseId' in owner ? { databaseId: owner.databaseId } : { collectionId: owner.collectionId };
}

@Injectable()
export class FieldsService {
  constructor(private readonly prisma: PrismaService) {}

  async list(owner: FieldOwner): Promise<FieldResponse[]> {
    const rows = await this.prisma.client.field.findMany({
      where: ownerWhere(owner),
      select: FIELD_SELECT,
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toFieldResponse);
  }

  /** What validation, imports and selections need to know of the fields. */
  async specs(owner: FieldOwner): Promise<FieldSpec[]> {
    return this.prisma.client.field.findMany({
      where: ownerWhere(owner),
      select: { name: true, type: true, required: true, unique: true, choices: true },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
  }

  async add(accountId: number, owner: FieldOwner, request: CreateFieldRequest): Promise<FieldResponse> {
    const where = ownerWhere(owner);
    const existing = await this.prisma.client.field.findMany({ where, select: { name: true } });
    const names = existing.map((field) => field.name);
    if (request.name !== undefined && names.includes(request.name)) {
      throw DomainError.conflict(`A field named ${request.name} already exists`);
    }
    const [input] = namedFields([request], names);
    if (!input) throw new Error('namedFields returns one field per definition');
    const position = input.position ?? (await this.prisma.client.field.count({ where }));
    try {
      const row = await this.prisma.client.field.create({
        data: {
          accountId,
          ...owner,
          name: input.name,
          label: input.label,
          type: input.type,
          required: input.required,
          unique: input.unique,
          choices: input.choices ?? [],
          position,
        },
        select: FIELD_SELECT,
      });
      return toFieldResponse(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw DomainError.conflict(`A field named ${input.name} already exists`);
      }
      throw error;
    }
  }
}
