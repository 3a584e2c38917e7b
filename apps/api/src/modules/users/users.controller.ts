import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { UserResponse } from '../auth/auth.dto';
import { CreateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@RequireRole('ADMIN')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<UserResponse[]> {
    return this.users.list(principal);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.create(principal, body);
  }
}
