import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import {
  CreateDatabaseDto,
  CreateFieldDto,
  UpdateDatabaseDto,
  type DatabaseDetailResponse,
  type DatabaseSummaryResponse,
  type FieldResponse,
} from './databases.dto';
import { DatabasesService } from './databases.service';

@ApiTags('databases')
@ApiBearerAuth()
@Controller('databases')
export class DatabasesController {
  constructor(private readonly databases: DatabasesService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<DatabaseSummaryResponse[]> {
    return this.databases.list(principal);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateDatabaseDto): Promise<DatabaseDetailResponse> {
    return this.databases.create(principal, body);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<DatabaseDetailResponse> {
    return this.databases.get(principal, id);
  }

  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateDatabaseDto): Promise<DatabaseDetailResponse> {
    return this.databases.update(principal, id, body);
  }

  @Post(':id/fields')
  addField(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: CreateFieldDto): Promise<FieldResponse> {
    return this.databases.addField(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.databases.remove(principal, id);
  }
}
