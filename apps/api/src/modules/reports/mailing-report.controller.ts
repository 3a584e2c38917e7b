import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import { MailingReportService } from './mailing-report.service';
import { ReportExportsService } from './report-exports.service';
import {
  ErrorsQueryDto,
  ExportQueryDto,
  RecipientsExportQueryDto,
  RecipientsQueryDto,
  type ErrorEventResponse,
  type MailingReportResponse,
  type RecipientsPageResponse,
} from './reports.dto';
import {
  ErrorEventsPageResponseDto,
  MailingReportResponseDto,
  RecipientsPageResponseDto,
  SPREADSHEET,
} from './report-responses.dto';
import { ApiErrorResponses } from '../../common/openapi';

const SPREADSHEETS = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailings/:id')
export class MailingReportController {
  constructor(
    private readonly reports: MailingReportService,
    private readonly exports: ReportExportsService,
  ) {}

  @Get('report')
  @ApiOkResponse({ type: MailingReportResponseDto.Output })
  report(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<MailingReportResponse> {
    return this.reports.report(principal, id);
  }

  @Get('report/errors')
  @ApiOkResponse({ type: ErrorEventsPageResponseDto.Output })
  errors(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ErrorsQueryDto,
  ): Promise<Page<ErrorEventResponse>> {
    return this.reports.errors(principal, id, query);
  }

  @Get('report/recipients')
  @ApiOkResponse({ type: RecipientsPageResponseDto.Output })
  recipients(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: RecipientsQueryDto,
  ): Promise<RecipientsPageResponse> {
    return this.reports.recipients(principal, id, query);
  }

  @Get('report/export')
  @ApiProduces(...SPREADSHEETS)
  @ApiOkResponse({ schema: SPREADSHEET, description: 'CSV or XLSX, as `format` asks' })
  exportReport(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return this.exports.report(principal, id, query.format, res);
  }

  @Get('report/errors/export')
  @ApiProduces(...SPREADSHEETS)
  @ApiOkResponse({ schema: SPREADSHEET, description: 'CSV or XLSX, as `format` asks' })
  exportErrors(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return this.exports.errors(principal, id, query.format, res);
  }

  @Get('recipients/export')
  @ApiProduces(...SPREADSHEETS)
  @ApiOkResponse({ schema: SPREADSHEET, description: 'CSV or XLSX, as `format` asks' })
  exportRecipients(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: RecipientsExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return this.exports.recipients(principal, id, query, res);
  }
}
