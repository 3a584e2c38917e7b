import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { UserResponseDto, type UserResponse } from '../auth/auth.dto';
import { CreateUserDto } from './users.dto';
import { UsersService } from './users.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('users')
@ApiBearerAuth()
@RequireRole('ADMIN')
@ApiErrorResponses()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: [UserResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal): Promise<UserResponse[]> {
    return this.users.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.create(principal, body);
  }
}
