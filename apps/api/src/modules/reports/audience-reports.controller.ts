import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { AudienceReportsService } from './audience-reports.service';
import {
  HistoryQueryDto,
  PeriodQueryDto,
  type AudienceStatisticsResponse,
  type ProfileHistoryResponse,
} from './reports.dto';
import { AudienceStatisticsResponseDto, ProfileHistoryResponseDto } from './report-responses.dto';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class AudienceReportsController {
  constructor(private readonly reports: AudienceReportsService) {}

  @Get('profiles/:id/history')
  @ApiOkResponse({ type: ProfileHistoryResponseDto.Output })
  profileHistory(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: HistoryQueryDto,
  ): Promise<ProfileHistoryResponse> {
    return this.reports.profileHistory(principal, id, query);
  }

  @Get('databases/:id/statistics')
  @ApiOkResponse({ type: AudienceStatisticsResponseDto.Output })
  databaseStatistics(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PeriodQueryDto,
  ): Promise<AudienceStatisticsResponse> {
    return this.reports.databaseStatistics(principal, id, query.from, query.to);
  }

  @Get('collections/:id/statistics')
  @ApiOkResponse({ type: AudienceStatisticsResponseDto.Output })
  collectionStatistics(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PeriodQueryDto,
  ): Promise<AudienceStatisticsResponse> {
    return this.reports.collectionStatistics(principal, id, query.from, query.to);
  }
}
