import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { PeriodReportsService } from './period-reports.service';
import { CompareQueryDto, PeriodQueryDto, type CampaignEmailPerformanceResponse, type CompareResponse } from './reports.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class PeriodReportsController {
  constructor(private readonly reports: PeriodReportsService) {}

  @Get('campaign-email-performance')
  campaignEmailPerformance(@CurrentPrincipal() principal: Principal, @Query() query: PeriodQueryDto): Promise<CampaignEmailPerformanceResponse> {
    return this.reports.campaignEmailPerformance(principal, query.from, query.to);
  }

  @Get('compare')
  compare(@CurrentPrincipal() principal: Principal, @Query() query: CompareQueryDto): Promise<CompareResponse> {
    return this.reports.compare(principal, query.mailingIds);
  }
}
