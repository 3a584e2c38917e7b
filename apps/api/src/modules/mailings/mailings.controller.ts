import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MailingResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { CreateMailingDto, DestinationsQueryDto, UpdateMailingDto } from './mailings.dto';
import { MailingsService } from './mailings.service';

@ApiTags('mailings')
@ApiBearerAuth()
@Controller('mailings')
export class MailingsController {
  constructor(private readonly mailings: MailingsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<MailingResponse[]> {
    return this.mailings.list(principal);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateMailingDto): Promise<MailingResponse> {
    return this.mailings.create(principal, body);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.get(principal, id);
  }

  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateMailingDto): Promise<MailingResponse> {
    return this.mailings.update(principal, id, body);
  }

  @Post(':id/send')
  @HttpCode(202)
  send(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.send(principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.cancel(principal, id);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @RequireRole('ADMIN')
  stop(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.stop(principal, id);
  }

  @Get(':id/destinations')
  destinations(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Query() query: DestinationsQueryDto) {
    return this.mailings.destinations(principal, id, query);
  }
}
