import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MailingAudienceResponse, MailingResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import {
  CreateMailingDto,
  DestinationsPageResponseDto,
  DestinationsQueryDto,
  MailingAudienceRequestDto,
  MailingAudienceResponseDto,
  MailingResponseDto,
  UpdateMailingDto,
} from './mailings.dto';
import { MailingsService } from './mailings.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('mailings')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailings')
export class MailingsController {
  constructor(private readonly mailings: MailingsService) {}

  @Get()
  @ApiOkResponse({ type: [MailingResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal): Promise<MailingResponse[]> {
    return this.mailings.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: MailingResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateMailingDto): Promise<MailingResponse> {
    return this.mailings.create(principal, body);
  }

  @Post('audience')
  @HttpCode(200)
  @ApiOkResponse({ type: MailingAudienceResponseDto.Output, description: 'Who a mailing with this target would reach' })
  audienceOf(
    @CurrentPrincipal() principal: Principal,
    @Body() body: MailingAudienceRequestDto,
  ): Promise<MailingAudienceResponse> {
    return this.mailings.audienceOf(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: MailingResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.get(principal, id);
  }

  @Get(':id/audience')
  @ApiOkResponse({ type: MailingAudienceResponseDto.Output, description: 'Who the mailing would reach if sent now' })
  audience(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<MailingAudienceResponse> {
    return this.mailings.audience(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: MailingResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateMailingDto,
  ): Promise<MailingResponse> {
    return this.mailings.update(principal, id, body);
  }

  @Post(':id/send')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: MailingResponseDto.Output, description: 'Checked and queued' })
  send(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.send(principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: MailingResponseDto.Output })
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.cancel(principal, id);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @RequireRole('ADMIN')
  @ApiOkResponse({ type: MailingResponseDto.Output })
  stop(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<MailingResponse> {
    return this.mailings.stop(principal, id);
  }

  @Get(':id/destinations')
  @ApiOkResponse({ type: DestinationsPageResponseDto.Output })
  destinations(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: DestinationsQueryDto,
  ) {
    return this.mailings.destinations(principal, id, query);
  }
}
