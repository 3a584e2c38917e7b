import { z } from 'zod';
import { Timestamp } from './common.schema';

export const Role = z.enum(['ADMIN', 'MARKETER', 'VIEWER']);
export type Role = z.infer<typeof Role>;

export const LoginRequest = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const UserResponse = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: Role,
  accountId: z.number().int(),
});
export type UserResponse = z.infer<typeof UserResponse>;

export const LoginResponse = z.object({
  token: z.string(),
  /** Seconds until the token expires. */
  expiresIn: z.number().int(),
  user: UserResponse,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** An API key acts on its own, not as the user who made it. */
export const ApiKeyIdentityResponse = z.object({
  kind: z.literal('API_KEY'),
  accountId: z.number().int(),
  role: Role,
  apiKey: z.object({ id: z.number().int(), name: z.string(), prefix: z.string() }),
});
export type ApiKeyIdentityResponse = z.infer<typeof ApiKeyIdentityResponse>;

/** Who `/auth/me` says the caller is: a user or an API key. */
export const MeResponse = z.discriminatedUnion('kind', [
  UserResponse.extend({ kind: z.literal('USER') }),
  ApiKeyIdentityResponse,
]);
export type MeResponse = z.infer<typeof MeResponse>;

export const ApiKeyResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the key, to tell keys apart. */
  prefix: z.string(),
  role: Role,
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKeyResponse = z.infer<typeof ApiKeyResponse>;

/** The key itself is shown once, at creation, and never stored in the clear. */
export const CreatedApiKeyResponse = ApiKeyResponse.extend({ key: z.string() });
export type CreatedApiKeyResponse = z.infer<typeof CreatedApiKeyResponse>;
