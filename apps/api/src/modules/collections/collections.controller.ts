import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import type { FieldResponse } from '../databases/databases.dto';
import {
  CreateCollectionDto,
  CreateCollectionFieldDto,
  CreateProfileSubprofileDto,
  CreateSubprofileDto,
  ProfileSubprofilesQueryDto,
  SubprofilesQueryDto,
  UpdateCollectionDto,
  UpdateSubprofileDto,
  type CollectionResponse,
  type SubprofileResponse,
} from './collections.dto';
import { CollectionsService } from './collections.service';

@ApiTags('collections')
@ApiBearerAuth()
@Controller()
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Post('databases/:id/collections')
  create(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) databaseId: number, @Body() body: CreateCollectionDto): Promise<CollectionResponse> {
    return this.collections.create(principal, databaseId, body);
  }

  @Get('collections/:id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<CollectionResponse> {
    return this.collections.get(principal, id);
  }

  @Patch('collections/:id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateCollectionDto): Promise<CollectionResponse> {
    return this.collections.update(principal, id, body);
  }

  @Delete('collections/:id')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.collections.remove(principal, id);
  }

  @Post('collections/:id/fields')
  addField(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: CreateCollectionFieldDto): Promise<FieldResponse> {
    return this.collections.addField(principal, id, body);
  }

  @Get('collections/:id/subprofiles')
  listSubprofiles(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Query() query: SubprofilesQueryDto): Promise<Page<SubprofileResponse>> {
    return this.collections.listSubprofiles(principal, id, query);
  }

  @Post('collections/:id/subprofiles')
  createInCollection(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: CreateSubprofileDto): Promise<SubprofileResponse> {
    return this.collections.createSubprofile(principal, body.profileId, id, body.values);
  }

  @Get('profiles/:id/subprofiles')
  listOfProfile(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Query() query: ProfileSubprofilesQueryDto): Promise<SubprofileResponse[]> {
    return this.collections.listOfProfile(principal, id, query.collectionId);
  }

  @Post('profiles/:id/subprofiles')
  createForProfile(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: CreateProfileSubprofileDto): Promise<SubprofileResponse> {
    return this.collections.createSubprofile(principal, id, body.collectionId, body.values);
  }

  @Patch('subprofiles/:id')
  updateSubprofile(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateSubprofileDto): Promise<SubprofileResponse> {
    return this.collections.updateSubprofile(principal, id, body.values);
  }

  @Delete('subprofiles/:id')
  @HttpCode(204)
  removeSubprofile(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.collections.removeSubprofile(principal, id);
  }
}
