import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LoginResponse, MeResponse, UserResponse } from '@herald/contracts';

const loginRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  password: z.string().min(1, 'is required').max(1024),
});
export class LoginRequestDto extends createZodDto(loginRequestSchema) {}

export type { LoginResponse, MeResponse, UserResponse } from '@herald/contracts';

// Responses, for OpenAPI.
export class LoginResponseDto extends createZodDto(LoginResponse) {}
// A union: no class can extend it, so this is createZodDto's own class, named for OpenAPI.
export const MeResponseDto = createZodDto(MeResponse);
Object.defineProperty(MeResponseDto, 'name', { value: 'MeResponseDto' });
export class UserResponseDto extends createZodDto(UserResponse) {}
