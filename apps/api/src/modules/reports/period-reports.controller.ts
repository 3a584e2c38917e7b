import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { PeriodReportsService } from './period-reports.service';
import {
  CompareQueryDto,
  PeriodQueryDto,
  type CampaignEmailPerformanceResponse,
  type CompareResponse,
} from './reports.dto';
import { CampaignEmailPerformanceResponseDto, CompareResponseDto } from './report-responses.dto';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('reports')
export class PeriodReportsController {
  constructor(private readonly reports: PeriodReportsService) {}

  @Get('campaign-email-performance')
  @ApiOkResponse({ type: CampaignEmailPerformanceResponseDto.Output })
  campaignEmailPerformance(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PeriodQueryDto,
  ): Promise<CampaignEmailPerformanceResponse> {
    return this.reports.campaignEmailPerformance(principal, query.from, query.to);
  }

  @Get('compare')
  @ApiOkResponse({ type: CompareResponseDto.Output })
  compare(@CurrentPrincipal() principal: Principal, @Query() query: CompareQueryDto): Promise<CompareResponse> {
    return this.reports.compare(principal, query.mailingIds);
  }
}
