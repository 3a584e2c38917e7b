import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import type { SubprofileResponse } from '../collections/collections.dto';
import type { ProfileResponse } from '../profiles/profiles.dto';
import {
  CountSelectionDto,
  CreateSelectionDto,
  PreviewQueryDto,
  SelectionCountResponseDto,
  SelectionPreviewResponseDto,
  SelectionResponseDto,
  UpdateSelectionDto,
  type SelectionCountResponse,
  type SelectionResponse,
} from './selections.dto';
import { SelectionDepthInterceptor } from './selection-depth.interceptor';
import { SelectionsService } from './selections.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('selections')
@ApiBearerAuth()
@UseInterceptors(SelectionDepthInterceptor)
@ApiErrorResponses()
@Controller()
export class SelectionsController {
  constructor(private readonly selections: SelectionsService) {}

  @Get('databases/:id/selections')
  @ApiOkResponse({ type: [SelectionResponseDto.Output] })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
  ): Promise<SelectionResponse[]> {
    return this.selections.list(principal, databaseId);
  }

  @Post('databases/:id/selections')
  @ApiCreatedResponse({ type: SelectionResponseDto.Output })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
    @Body() body: CreateSelectionDto,
  ): Promise<SelectionResponse> {
    return this.selections.create(principal, databaseId, body);
  }

  /** A read sent as POST (the tree does not fit a query string), so a viewer may count too. */
  @Post('databases/:id/selections/count')
  @RequireRole('VIEWER')
  @HttpCode(200)
  @ApiOkResponse({ type: SelectionCountResponseDto.Output })
  async countTree(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
    @Body() body: CountSelectionDto,
  ): Promise<SelectionCountResponse> {
    return { count: await this.selections.countTree(principal, databaseId, body.conditions, body.collectionId) };
  }

  @Get('selections/:id')
  @ApiOkResponse({ type: SelectionResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SelectionResponse> {
    return this.selections.get(principal, id);
  }

  @Patch('selections/:id')
  @ApiOkResponse({ type: SelectionResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateSelectionDto,
  ): Promise<SelectionResponse> {
    return this.selections.update(principal, id, body);
  }

  @Delete('selections/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.selections.remove(principal, id);
  }

  @Get('selections/:id/count')
  @ApiOkResponse({ type: SelectionCountResponseDto.Output })
  async count(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SelectionCountResponse> {
    return { count: await this.selections.countSaved(principal, id) };
  }

  @Get('selections/:id/preview')
  @ApiOkResponse({
    type: SelectionPreviewResponseDto.Output,
    description: 'Profiles, or subprofiles for a selection over a collection',
  })
  preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PreviewQueryDto,
  ): Promise<Page<ProfileResponse> | Page<SubprofileResponse>> {
    return this.selections.preview(principal, id, query);
  }
}
