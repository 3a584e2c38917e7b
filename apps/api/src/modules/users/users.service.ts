import { Injectable } from '@nestjs/common';
import { DomainError } from '@herald/domain';
import { PrismaService } from '../../common/prisma.service';
import { hashPassword } from '../../common/auth/passwords';
import type { Principal } from '../../common/auth/principal';
import { toUserResponse } from '../auth/auth.service';
import type { UserResponse } from '../auth/auth.dto';
import type { CreateUserDto } from './users.dto';

const USER_SELECT = { id: true, email: true, name: true, role: true, accountId: true } as const;

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async list(principal: Principal): Promise<UserResponse[]> {
    const users = await this.prisma.client.user.findMany({
      where: { accountId: principal.accountId },
      select: USER_SELECT,
      orderBy: { id: 'asc' },
    });
    return users.map(toUserResponse);
  }

  async create(principal: Principal, input: CreateUserDto): Promise<UserResponse> {
    const existing = await this.prisma.client.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw DomainError.conflict(`A user with email ${input.email} already exists`);
    const user = await this.prisma.client.user.create({
      data: {
        accountId: principal.accountId,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash: await hashPassword(input.password),
      },
      select: USER_SELECT,
    });
    return toUserResponse(user);
  }
}
