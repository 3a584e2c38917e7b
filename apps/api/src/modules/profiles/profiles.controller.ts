import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ProfileExportResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import { ProfileErasureService } from './profile-erasure.service';
import { ProfileExportService } from './profile-export.service';
import {
  CreateProfileDto,
  ProfileExportDto,
  ProfileResponseDto,
  ProfilesPageResponseDto,
  ProfilesQueryDto,
  UnsubscribeDto,
  UpdateProfileDto,
  type ProfileResponse,
} from './profiles.dto';
import { ProfilesService } from './profiles.service';
import { ApiErrorResponses, ErrorResponseDto } from '../../common/openapi';

@ApiTags('profiles')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly erasure: ProfileErasureService,
    private readonly exports: ProfileExportService,
  ) {}

  @Get('databases/:id/profiles')
  @ApiOkResponse({ type: ProfilesPageResponseDto.Output })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
    @Query() query: ProfilesQueryDto,
  ): Promise<Page<ProfileResponse>> {
    return this.profiles.list(principal, databaseId, query);
  }

  @Post('databases/:id/profiles')
  @ApiCreatedResponse({ type: ProfileResponseDto.Output })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
    @Body() body: CreateProfileDto,
  ): Promise<ProfileResponse> {
    return this.profiles.create(principal, databaseId, body);
  }

  @Get('profiles/:id')
  @ApiOkResponse({ type: ProfileResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ProfileResponse> {
    return this.profiles.get(principal, id);
  }

  @Patch('profiles/:id')
  @ApiOkResponse({ type: ProfileResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateProfileDto,
  ): Promise<ProfileResponse> {
    return this.profiles.update(principal, id, body);
  }

  @Get('profiles/:id/export')
  @Header('Content-Disposition', 'attachment; filename="profile.json"')
  @ApiOperation({ summary: 'Everything Herald holds about one profile (GDPR art. 15 and 20)' })
  @ApiOkResponse({ type: ProfileExportDto.Output })
  @ApiNotFoundResponse({ description: 'No live profile with this id in your account', type: ErrorResponseDto.Output })
  export(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ProfileExportResponse> {
    return this.exports.export(principal, id);
  }

  @Delete('profiles/:id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Deletes a profile and erases its personal data; reports keep their figures, with the address shown as '(erased)'",
  })
  @ApiNoContentResponse({ description: 'Erased' })
  @ApiNotFoundResponse({ description: 'No live profile with this id in your account', type: ErrorResponseDto.Output })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.erasure.erase(principal, id);
  }

  @Post('profiles/:id/unsubscribe')
  @HttpCode(200)
  @ApiOkResponse({ type: ProfileResponseDto.Output })
  unsubscribe(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UnsubscribeDto,
  ): Promise<ProfileResponse> {
    return this.profiles.unsubscribe(principal, id, body.reason);
  }

  @Post('profiles/:id/resubscribe')
  @HttpCode(200)
  @ApiOkResponse({ type: ProfileResponseDto.Output })
  resubscribe(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ProfileResponse> {
    return this.profiles.resubscribe(principal, id);
  }

  @Post('profiles/:id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: ProfileResponseDto.Output })
  enable(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ProfileResponse> {
    return this.profiles.enable(principal, id);
  }
}
