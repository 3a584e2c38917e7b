import { Injectable } from '@nestjs/common';
import { numberedSql, type Prisma, type PrismaClient } from '@herald/db';
import { DomainError, compileSelection, type FieldSpec, type SelectionGroup } from '@herald/domain';
import { InjectPrisma } from '../common/config';

@Injectable()
export class SelectionFilterService {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** The selection's conditions as a WHERE fragment over alias `r`, re-evaluated on every run. */
  async filterFor(selectionId: number, accountId: number): Promise<Prisma.Sql> {
    const selection = await this.prisma.selection.findFirst({
      where: { id: selectionId, accountId },
      select: { conditions: true, databaseId: true, collectionId: true },
    });
    if (!selection) throw DomainError.notFound('Selection', selectionId);
    const fields: FieldSpec[] = await this.prisma.field.findMany({
      where: selection.collectionId ? { collectionId: selection.collectionId } : { databaseId: selection.databaseId },
      select: { name: true, type: true, required: true, unique: true, choices: true },
    });
    const compiled = compileSelection(selection.conditions as unknown as SelectionGroup, fields, {
      table: selection.collectionId ? 'Subprofile' : 'Profile',
      alias: 'r',
    });
    return numberedSql(compiled.sql, compiled.params);
  }
}
