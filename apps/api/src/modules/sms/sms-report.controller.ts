import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { SmsReportResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { SmsReportService } from './sms-report.service';

class SmsReportResponseDto extends createZodDto(SmsReportResponse) {}

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailings/:id')
export class SmsReportController {
  constructor(private readonly reports: SmsReportService) {}

  /** Sent, delivered, failed by error code, pending, segments and cost of an SMS mailing. */
  @Get('sms-report')
  @ApiOkResponse({ type: SmsReportResponseDto.Output })
  report(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SmsReportResponse> {
    return this.reports.report(principal, id);
  }
}
