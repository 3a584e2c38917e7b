import { z } from 'zod';
import { Timestamp } from './common.schema';

/**
 * Values by field name. Types are checked against the database's fields by the domain
 * (`validateProfileValues`), which knows them; here only the shape is.
 */
export const ProfileValuesInput = z.record(z.string(), z.unknown());

/** A stored value: NUMBER as number, BOOLEAN as boolean, DATE as `YYYY-MM-DD`, the rest as strings. */
export const FieldValue = z.union([z.string(), z.number(), z.boolean()]);
export type FieldValue = z.infer<typeof FieldValue>;
export const ProfileValues = z.record(z.string(), FieldValue);
export type ProfileValues = z.infer<typeof ProfileValues>;

/** Built-in columns: `null` or an empty string clears them; phone numbers are normalised to E.164. */
const Contact = z.string().max(254).nullable().optional();

export const CreateProfileRequest = z.object({
  email: Contact,
  mobile: Contact,
  fax: Contact,
  values: ProfileValuesInput,
});
export type CreateProfileRequest = z.infer<typeof CreateProfileRequest>;

/** Only what is given changes; a value of `null` removes it. */
export const UpdateProfileRequest = z.object({
  email: Contact,
  mobile: Contact,
  fax: Contact,
  values: ProfileValuesInput.optional(),
});
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const ProfileResponse = z.object({
  id: z.number().int(),
  databaseId: z.number().int(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  fax: z.string().nullable(),
  values: ProfileValues,
  unsubscribedAt: Timestamp.nullable(),
  unsubscribeReason: z.string().nullable(),
  disabledAt: Timestamp.nullable(),
  disabledReason: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ProfileResponse = z.infer<typeof ProfileResponse>;
