import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { SharedReportsService } from './shared-reports.service';
import {
  CreateShareDto,
  type CreatedShareResponse,
  type ShareResponse,
  type SharedReportResponse,
} from './reports.dto';
import { CreatedShareResponseDto, SharedReportResponseDto, ShareResponseDto } from './report-responses.dto';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('shared reports')
@ApiErrorResponses()
@Controller()
export class SharedReportsController {
  constructor(private readonly shares: SharedReportsService) {}

  @Post('mailings/:id/shares')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: CreatedShareResponseDto.Output, description: 'The token is shown this once' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateShareDto,
  ): Promise<CreatedShareResponse> {
    return this.shares.create(principal, id, body);
  }

  @Get('mailings/:id/shares')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [ShareResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ShareResponse[]> {
    return this.shares.list(principal, id);
  }

  @Delete('shares/:id')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.shares.revoke(principal, id);
  }

  /** The link itself: no login, one mailing's report only. */
  @Get('shared/:token')
  @Public()
  @ApiOkResponse({ type: SharedReportResponseDto.Output })
  view(@Param('token') token: string): Promise<SharedReportResponse> {
    return this.shares.view(token);
  }
}
