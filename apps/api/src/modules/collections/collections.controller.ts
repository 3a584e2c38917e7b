import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import { FieldResponseDto, type FieldResponse } from '../databases/databases.dto';
import {
  CollectionResponseDto,
  CreateCollectionDto,
  CreateCollectionFieldDto,
  CreateProfileSubprofileDto,
  CreateSubprofileDto,
  ProfileSubprofilesQueryDto,
  SubprofileResponseDto,
  SubprofilesPageResponseDto,
  SubprofilesQueryDto,
  UpdateCollectionDto,
  UpdateSubprofileDto,
  type CollectionResponse,
  type SubprofileResponse,
} from './collections.dto';
import { CollectionsService } from './collections.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('collections')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Post('databases/:id/collections')
  @ApiCreatedResponse({ type: CollectionResponseDto.Output })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
    @Body() body: CreateCollectionDto,
  ): Promise<CollectionResponse> {
    return this.collections.create(principal, databaseId, body);
  }

  @Get('collections/:id')
  @ApiOkResponse({ type: CollectionResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<CollectionResponse> {
    return this.collections.get(principal, id);
  }

  @Patch('collections/:id')
  @ApiOkResponse({ type: CollectionResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateCollectionDto,
  ): Promise<CollectionResponse> {
    return this.collections.update(principal, id, body);
  }

  @Delete('collections/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.collections.remove(principal, id);
  }

  @Post('collections/:id/fields')
  @ApiCreatedResponse({ type: FieldResponseDto.Output })
  addField(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateCollectionFieldDto,
  ): Promise<FieldResponse> {
    return this.collections.addField(principal, id, body);
  }

  @Get('collections/:id/subprofiles')
  @ApiOkResponse({ type: SubprofilesPageResponseDto.Output })
  listSubprofiles(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: SubprofilesQueryDto,
  ): Promise<Page<SubprofileResponse>> {
    return this.collections.listSubprofiles(principal, id, query);
  }

  @Post('collections/:id/subprofiles')
  @ApiCreatedResponse({ type: SubprofileResponseDto.Output })
  createInCollection(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateSubprofileDto,
  ): Promise<SubprofileResponse> {
    return this.collections.createSubprofile(principal, body.profileId, id, body.values);
  }

  @Get('profiles/:id/subprofiles')
  @ApiOkResponse({ type: [SubprofileResponseDto.Output] })
  listOfProfile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ProfileSubprofilesQueryDto,
  ): Promise<SubprofileResponse[]> {
    return this.collections.listOfProfile(principal, id, query.collectionId);
  }

  @Post('profiles/:id/subprofiles')
  @ApiCreatedResponse({ type: SubprofileResponseDto.Output })
  createForProfile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateProfileSubprofileDto,
  ): Promise<SubprofileResponse> {
    return this.collections.createSubprofile(principal, id, body.collectionId, body.values);
  }

  @Patch('subprofiles/:id')
  @ApiOkResponse({ type: SubprofileResponseDto.Output })
  updateSubprofile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateSubprofileDto,
  ): Promise<SubprofileResponse> {
    return this.collections.updateSubprofile(principal, id, body.values);
  }

  @Delete('subprofiles/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  removeSubprofile(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.collections.removeSubprofile(principal, id);
  }
}
