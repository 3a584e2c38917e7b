import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { FaxReportResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { FaxReportService } from './fax-report.service';

class FaxReportResponseDto extends createZodDto(FaxReportResponse) {}

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailings/:id')
export class FaxReportController {
  constructor(private readonly reports: FaxReportService) {}

  /** Sent, delivered, failed by reason (busy, no answer, the provider's code), pending and pages of a fax mailing. */
  @Get('fax-report')
  @ApiOkResponse({ type: FaxReportResponseDto.Output })
  report(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<FaxReportResponse> {
    return this.reports.report(principal, id);
  }
}
