import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Role } from '@herald/contracts';

export const roleSchema = Role;

const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  name: z.string().trim().min(1, 'is required').max(255),
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
  role: roleSchema.default('MARKETER'),
});
export class CreateUserDto extends createZodDto(createUserSchema) {}
