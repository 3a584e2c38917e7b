import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DynamicReportResponse, PivotResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { SPREADSHEET } from '../reports/report-responses.dto';
import {
  DynamicReportResponseDto,
  PivotExportQueryDto,
  PivotRequestDto,
  PivotResponseDto,
  SaveAsDto,
  SaveDynamicReportDto,
  TemplateKeyDto,
} from './dynamic-reports.dto';
import { DynamicReportsService } from './dynamic-reports.service';

@ApiTags('dynamic-reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('dynamic-reports')
export class DynamicReportsController {
  constructor(private readonly reports: DynamicReportsService) {}

  // Reads, though POSTed (the layout does not fit a query string): a VIEWER may run them.
  @Post('query')
  @RequireRole('VIEWER')
  @HttpCode(200)
  @ApiOkResponse({ type: PivotResponseDto.Output, description: "Mailings' results by the chosen dimensions" })
  query(@CurrentPrincipal() principal: Principal, @Body() body: PivotRequestDto): Promise<PivotResponse> {
    return this.reports.query(principal, body);
  }

  @Post('query/export')
  @RequireRole('VIEWER')
  @HttpCode(200)
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: SPREADSHEET, description: 'The pivot as CSV or XLSX, as `format` asks' })
  export(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PivotRequestDto,
    @Query() query: PivotExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return this.reports.export(principal, body, query.format, res);
  }

  @Get()
  @ApiOkResponse({ type: [DynamicReportResponseDto.Output], description: 'The templates, then saved reports' })
  list(@CurrentPrincipal() principal: Principal): Promise<DynamicReportResponse[]> {
    return this.reports.list(principal);
  }

  @Post()
  @ApiOkResponse({ type: DynamicReportResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: SaveDynamicReportDto): Promise<DynamicReportResponse> {
    return this.reports.create(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: DynamicReportResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<DynamicReportResponse> {
    return this.reports.get(principal, id);
  }

  @Post('templates/:key/save-as')
  @ApiOkResponse({
    type: DynamicReportResponseDto.Output,
    description: 'A copy of a ready-made report, owned by the caller',
  })
  saveTemplateAs(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TemplateKeyDto,
    @Body() body: SaveAsDto,
  ): Promise<DynamicReportResponse> {
    return this.reports.saveAs(principal, params.key, body);
  }

  @Post(':id/save-as')
  @ApiOkResponse({ type: DynamicReportResponseDto.Output, description: 'A copy of the report, owned by the caller' })
  saveAs(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SaveAsDto,
  ): Promise<DynamicReportResponse> {
    return this.reports.saveAs(principal, id, body);
  }

  @Put(':id')
  @ApiOkResponse({ type: DynamicReportResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SaveDynamicReportDto,
  ): Promise<DynamicReportResponse> {
    return this.reports.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.reports.remove(principal, id);
  }
}
