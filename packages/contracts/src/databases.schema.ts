import { z } from 'zod';
import { Timestamp } from './common.schema';

export const FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'EMAIL', 'PHONE', 'CHOICE'] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

/**
 * Names a custom field may not take: the profile's own columns, which selections, imports and
 * personalisation address by the same name (compared case-insensitively to avoid look-alikes).
 */
export const RESERVED_FIELD_NAMES = [
  'id',
  'email',
  'mobile',
  'fax',
  'values',
  'createdAt',
  'updatedAt',
  'deletedAt',
  'unsubscribedAt',
  'disabledAt',
] as const;

const reserved = new Set(RESERVED_FIELD_NAMES.map((name) => name.toLowerCase()));

/** A field name is an identifier, so it can be used in templates and, once validated, in SQL. */
export const FieldName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and contain only letters, digits and _')
  .refine((name) => !reserved.has(name.toLowerCase()), { message: 'is a reserved name' });

const Choices = z.array(z.string().trim().min(1).max(255)).max(500);

function checkChoices(
  field: { type: FieldType; choices?: string[] | undefined; label?: string | undefined; name?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (field.label === undefined && field.name === undefined) {
    ctx.addIssue({ code: 'custom', path: ['label'], message: 'is required (or a name)' });
  }
  const choices = field.choices ?? [];
  if (field.type === 'CHOICE' && choices.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a CHOICE field needs at least one choice' });
  }
  if (field.type !== 'CHOICE' && choices.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: 'only a CHOICE field has choices' });
  }
  if (new Set(choices).size !== choices.length) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choices must be distinct' });
  }
}

/** What people read in the admin app: any text, "first name" included. */
export const FieldLabel = z.string().trim().min(1).max(255);

/**
 * A field is given a `label`, a `name` (its key) or both. Without a name the API makes the key
 * from the label ("first name" → first_name, unique within the database); without a label the
 * label is the name, as it was before fields had labels.
 */
const FieldShape = z.object({
  label: FieldLabel.optional(),
  name: FieldName.optional(),
  type: FieldType,
  required: z.boolean().default(false),
  unique: z.boolean().default(false),
  choices: Choices.optional(),
});

export const FieldDefinition = FieldShape.superRefine(checkChoices);
export type FieldDefinition = z.infer<typeof FieldDefinition>;

export const CreateFieldRequest = FieldShape.extend({ position: z.number().int().min(0).optional() }).superRefine(
  checkChoices,
);
export type CreateFieldRequest = z.infer<typeof CreateFieldRequest>;

/** Name and type stay fixed once a field exists: stored values and saved selections depend on them. */
export const UpdateFieldRequest = z.object({
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  choices: Choices.min(1).optional(),
  position: z.number().int().min(0).optional(),
});
export type UpdateFieldRequest = z.infer<typeof UpdateFieldRequest>;

export const FieldResponse = z.object({
  id: z.number().int(),
  /** The key: what templates (`{{ first_name }}`), selections and imports use. */
  name: z.string(),
  /** What people read ("first name"); the name for fields made without a label. */
  label: z.string(),
  type: FieldType,
  required: z.boolean(),
  unique: z.boolean(),
  choices: z.array(z.string()),
  position: z.number().int(),
});
export type FieldResponse = z.infer<typeof FieldResponse>;

/** Field names given must be distinct within one database or collection (keys made from labels are made distinct). */
export function checkDistinctFieldNames(
  value: { fields?: Array<{ name?: string | undefined }> | undefined },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  (value.fields ?? []).forEach((field, index) => {
    if (field.name === undefined) return;
    if (seen.has(field.name)) {
      ctx.addIssue({ code: 'custom', path: ['fields', index, 'name'], message: `field ${field.name} appears twice` });
    }
    seen.add(field.name);
  });
}

export const DatabaseName = z.string().trim().min(1).max(255);

export const CreateDatabaseRequest = z
  .object({
    name: DatabaseName,
    description: z.string().max(2000).optional(),
    fields: z.array(FieldDefinition).max(500).optional(),
  })
  .superRefine(checkDistinctFieldNames);
export type CreateDatabaseRequest = z.infer<typeof CreateDatabaseRequest>;

export const UpdateDatabaseRequest = z.object({
  name: DatabaseName.optional(),
  description: z.string().max(2000).optional(),
});
export type UpdateDatabaseRequest = z.infer<typeof UpdateDatabaseRequest>;

/** A database in the list: without its fields. */
export const DatabaseSummaryResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  /** Live profiles (deleted ones not counted). */
  profileCount: z.number().int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type DatabaseSummaryResponse = z.infer<typeof DatabaseSummaryResponse>;

export const CollectionSummaryResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  subprofileCount: z.number().int().min(0),
});
export type CollectionSummaryResponse = z.infer<typeof CollectionSummaryResponse>;

export const DatabaseDetailResponse = DatabaseSummaryResponse.extend({
  fields: z.array(FieldResponse),
  collections: z.array(CollectionSummaryResponse),
});
export type DatabaseDetailResponse = z.infer<typeof DatabaseDetailResponse>;
