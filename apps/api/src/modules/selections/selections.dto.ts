import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  CreateSelectionRequest,
  PageQuery,
  SelectionConditions,
  SelectionCountResponse,
  SelectionPreviewResponse,
  SelectionResponse,
  UpdateSelectionRequest,
} from '@herald/contracts';

export class CreateSelectionDto extends createZodDto(CreateSelectionRequest) {}
export class UpdateSelectionDto extends createZodDto(UpdateSelectionRequest) {}
/** A tree that is not saved yet, counted while a marketer builds it. */
export class CountSelectionDto extends createZodDto(
  z.object({ conditions: SelectionConditions, collectionId: z.number().int().positive().optional() }),
) {}
export class PreviewQueryDto extends createZodDto(PageQuery.omit({ search: true })) {}

export type { SelectionCountResponse, SelectionResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class SelectionResponseDto extends createZodDto(SelectionResponse) {}
export class SelectionCountResponseDto extends createZodDto(SelectionCountResponse) {}
// A union: no class can extend it, so this is createZodDto's own class, named for OpenAPI.
export const SelectionPreviewResponseDto = createZodDto(SelectionPreviewResponse);
Object.defineProperty(SelectionPreviewResponseDto, 'name', { value: 'SelectionPreviewResponseDto' });
