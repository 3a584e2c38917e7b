import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CreateSelectionRequest, PageQuery, SelectionConditions, UpdateSelectionRequest, type SelectionGroup } from '@herald/contracts';

export class CreateSelectionDto extends createZodDto(CreateSelectionRequest) {}
export class UpdateSelectionDto extends createZodDto(UpdateSelectionRequest) {}
/** A tree that is not saved yet, counted while a marketer builds it. */
export class CountSelectionDto extends createZodDto(
  z.object({ conditions: SelectionConditions, collectionId: z.number().int().positive().optional() }),
) {}
export class PreviewQueryDto extends createZodDto(PageQuery.omit({ search: true })) {}

export interface SelectionResponse {
  id: number;
  databaseId: number;
  collectionId: number | null;
  name: string;
  conditions: SelectionGroup;
  createdAt: string;
  updatedAt: string;
}

export interface SelectionCountResponse {
  count: number;
}
