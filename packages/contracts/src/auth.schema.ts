import { z } from 'zod';

export const Role = z.enum(['ADMIN', 'MARKETER', 'VIEWER']);
export type Role = z.infer<typeof Role>;

export const LoginRequest = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string(),
  user: z.object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: Role,
    accountId: z.number().int(),
  }),
});
export type LoginResponse = z.infer<typeof LoginResponse>;
