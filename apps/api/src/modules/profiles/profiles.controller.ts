import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import { CreateProfileDto, ProfilesQueryDto, UnsubscribeDto, UpdateProfileDto, type ProfileResponse } from './profiles.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('profiles')
@ApiBearerAuth()
@Controller()
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get('databases/:id/profiles')
  list(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) databaseId: number, @Query() query: ProfilesQueryDto): Promise<Page<ProfileResponse>> {
    return this.profiles.list(principal, databaseId, query);
  }

  @Post('databases/:id/profiles')
  create(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) databaseId: number, @Body() body: CreateProfileDto): Promise<ProfileResponse> {
    return this.profiles.create(principal, databaseId, body);
  }

  @Get('profiles/:id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ProfileResponse> {
    return this.profiles.get(principal, id);
  }

  @Patch('profiles/:id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateProfileDto): Promise<ProfileResponse> {
    return this.profiles.update(principal, id, body);
  }

  @Delete('profiles/:id')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.profiles.remove(principal, id);
  }

  @Post('profiles/:id/unsubscribe')
  @HttpCode(200)
  unsubscribe(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UnsubscribeDto): Promise<ProfileResponse> {
    return this.profiles.unsubscribe(principal, id, body.reason);
  }

  @Post('profiles/:id/resubscribe')
  @HttpCode(200)
  resubscribe(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ProfileResponse> {
    return this.profiles.resubscribe(principal, id);
  }

  @Post('profiles/:id/enable')
  @HttpCode(200)
  enable(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ProfileResponse> {
    return this.profiles.enable(principal, id);
  }
}
