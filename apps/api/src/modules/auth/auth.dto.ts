import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const loginRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  password: z.string().min(1, 'is required').max(1024),
});
export class LoginRequestDto extends createZodDto(loginRequestSchema) {}

export interface UserResponse {
  id: number;
  email: string;
  name: string;
  role: 'ADMIN' | 'MARKETER' | 'VIEWER';
  accountId: number;
}

/** Who `/auth/me` says the caller is: a user, or an API key (which acts on its own, not as its creator). */
export type MeResponse = (UserResponse & { kind: 'USER' }) | ApiKeyIdentityResponse;

export interface ApiKeyIdentityResponse {
  kind: 'API_KEY';
  accountId: number;
  role: 'ADMIN' | 'MARKETER' | 'VIEWER';
  apiKey: { id: number; name: string; prefix: string };
}

export interface LoginResponse {
  token: string;
  expiresIn: number;
  user: UserResponse;
}
