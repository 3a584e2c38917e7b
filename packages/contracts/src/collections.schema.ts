import { z } from 'zod';
import { Timestamp } from './common.schema';
import { checkDistinctFieldNames, FieldDefinition, FieldResponse } from './databases.schema';
import { ProfileValues, ProfileValuesInput } from './profiles.schema';

export const CreateCollectionRequest = z
  .object({
    name: z.string().trim().min(1).max(255),
    fields: z.array(FieldDefinition).max(500).optional(),
  })
  .superRefine(checkDistinctFieldNames);
export type CreateCollectionRequest = z.infer<typeof CreateCollectionRequest>;

export const UpdateCollectionRequest = z.object({ name: z.string().trim().min(1).max(255) });
export type UpdateCollectionRequest = z.infer<typeof UpdateCollectionRequest>;

export const CollectionResponse = z.object({
  id: z.number().int(),
  databaseId: z.number().int(),
  name: z.string(),
  subprofileCount: z.number().int().min(0),
  fields: z.array(FieldResponse),
  createdAt: Timestamp,
});
export type CollectionResponse = z.infer<typeof CollectionResponse>;

export const CreateSubprofileRequest = z.object({
  profileId: z.number().int().positive(),
  values: ProfileValuesInput,
});
export type CreateSubprofileRequest = z.infer<typeof CreateSubprofileRequest>;

export const UpdateSubprofileRequest = z.object({ values: ProfileValuesInput });
export type UpdateSubprofileRequest = z.infer<typeof UpdateSubprofileRequest>;

export const SubprofileResponse = z.object({
  id: z.number().int(),
  collectionId: z.number().int(),
  profileId: z.number().int(),
  values: ProfileValues,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SubprofileResponse = z.infer<typeof SubprofileResponse>;
