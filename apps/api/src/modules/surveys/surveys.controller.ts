import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  DeleteSurveyResultsResponse,
  SurveyRespondentPageResponse,
  SurveyResponse,
  SurveyResultsResponse,
} from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { SPREADSHEET } from '../reports/report-responses.dto';
import { SurveyResultsService } from './survey-results.service';
import {
  CreateSurveyDto,
  DeleteSurveyResultsDto,
  DeleteSurveyResultsResponseDto,
  SurveyAnswersQueryDto,
  SurveyExportQueryDto,
  SurveyRespondentPageResponseDto,
  SurveyResponseDto,
  SurveyResultsQueryDto,
  SurveyResultsResponseDto,
  UpdateSurveyDto,
} from './surveys.dto';
import { SurveysService } from './surveys.service';

@ApiTags('surveys')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('surveys')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [SurveyResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal): Promise<SurveyResponse[]> {
    return this.surveys.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: SurveyResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSurveyDto): Promise<SurveyResponse> {
    return this.surveys.create(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: SurveyResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SurveyResponse> {
    return this.surveys.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: SurveyResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateSurveyDto,
  ): Promise<SurveyResponse> {
    return this.surveys.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; a survey with results must have them deleted first (409)' })
  delete(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.surveys.delete(principal, id);
  }

  @Get(':id/results')
  @ApiOkResponse({ type: SurveyResultsResponseDto.Output, description: 'Per question; `mailingId` for one mailing' })
  resultsOf(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: SurveyResultsQueryDto,
  ): Promise<SurveyResultsResponse> {
    return this.results.results(principal, id, query);
  }

  @Get(':id/results/answers')
  @ApiOkResponse({
    type: SurveyRespondentPageResponseDto.Output,
    description: "Each respondent's answers, newest first",
  })
  answers(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: SurveyAnswersQueryDto,
  ): Promise<SurveyRespondentPageResponse> {
    return this.results.answers(principal, id, query);
  }

  @Get(':id/results/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: SPREADSHEET, description: 'CSV or XLSX, as `format` asks' })
  export(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: SurveyExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return this.results.export(principal, id, query, res);
  }

  @Post(':id/results/delete')
  @HttpCode(200)
  @ApiOkResponse({
    type: DeleteSurveyResultsResponseDto.Output,
    description: 'Deleted for good and audited; `confirm` must be the survey name',
  })
  deleteResults(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DeleteSurveyResultsDto,
  ): Promise<DeleteSurveyResultsResponse> {
    return this.results.deleteResults(principal, id, body);
  }
}
