import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { WebsiteReportResponse, WebsiteResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { CreateWebsiteDto, WebsiteReportQueryDto, WebsiteReportResponseDto, WebsiteResponseDto } from './websites.dto';
import { WebsitesService } from './websites.service';

@ApiTags('websites')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('websites')
export class WebsitesController {
  constructor(private readonly websites: WebsitesService) {}

  @Get()
  @ApiOkResponse({ type: [WebsiteResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal): Promise<WebsiteResponse[]> {
    return this.websites.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: WebsiteResponseDto.Output, description: 'With the snippet to put on its pages' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebsiteDto): Promise<WebsiteResponse> {
    return this.websites.create(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebsiteResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<WebsiteResponse> {
    return this.websites.get(principal, id);
  }

  @Get(':id/report')
  @ApiOkResponse({ type: WebsiteReportResponseDto.Output })
  report(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: WebsiteReportQueryDto,
  ): Promise<WebsiteReportResponse> {
    return this.websites.report(principal, id, query);
  }
}
