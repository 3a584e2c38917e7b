import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import {
  CreateDatabaseDto,
  CreateFieldDto,
  DatabaseDetailResponseDto,
  DatabaseSummaryResponseDto,
  FieldResponseDto,
  UpdateDatabaseDto,
  type DatabaseDetailResponse,
  type DatabaseSummaryResponse,
  type FieldResponse,
} from './databases.dto';
import { DatabasesService } from './databases.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('databases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('databases')
export class DatabasesController {
  constructor(private readonly databases: DatabasesService) {}

  @Get()
  @ApiOkResponse({ type: [DatabaseSummaryResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal): Promise<DatabaseSummaryResponse[]> {
    return this.databases.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: DatabaseDetailResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateDatabaseDto): Promise<DatabaseDetailResponse> {
    return this.databases.create(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: DatabaseDetailResponseDto.Output })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<DatabaseDetailResponse> {
    return this.databases.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: DatabaseDetailResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateDatabaseDto,
  ): Promise<DatabaseDetailResponse> {
    return this.databases.update(principal, id, body);
  }

  @Post(':id/fields')
  @ApiCreatedResponse({ type: FieldResponseDto.Output })
  addField(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateFieldDto,
  ): Promise<FieldResponse> {
    return this.databases.addField(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.databases.remove(principal, id);
  }
}
