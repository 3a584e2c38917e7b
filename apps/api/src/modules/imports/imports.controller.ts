import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import type { Page } from '../../common/paging';
import {
  ImportPreviewResponseDto,
  ImportRejectionsPageResponseDto,
  ImportRejectionsQueryDto,
  ImportResponseDto,
  type ImportForm,
  type ImportPreviewResponse,
  type ImportRejectionResponse,
  type ImportResponse,
} from './imports.dto';
import { ImportsService, type UploadedSpreadsheet } from './imports.service';
import { ApiErrorResponses } from '../../common/openapi';
import { SPREADSHEET } from '../reports/report-responses.dto';

@ApiTags('imports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Reads the head of a file to build a mapping from; writes nothing, so a viewer may use it. */
  @Post('imports/preview')
  @RequireRole('VIEWER')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOkResponse({ type: ImportPreviewResponseDto.Output })
  preview(@UploadedFile() file: UploadedSpreadsheet | undefined): Promise<ImportPreviewResponse> {
    return this.imports.preview(file);
  }

  @Post('databases/:id/imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  @ApiAcceptedResponse({ type: ImportResponseDto.Output, description: 'Queued; poll GET /imports/:id' })
  start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() form: ImportForm,
  ): Promise<ImportResponse> {
    return this.imports.start(principal, databaseId, file, form ?? {});
  }

  @Get('databases/:id/imports')
  @ApiOkResponse({ type: [ImportResponseDto.Output] })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) databaseId: number,
  ): Promise<ImportResponse[]> {
    return this.imports.list(principal, databaseId);
  }

  @Get('imports/:id')
  @ApiOkResponse({ type: ImportResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ImportResponse> {
    return this.imports.get(principal, id);
  }

  @Get('imports/:id/rejections')
  @ApiOkResponse({ type: ImportRejectionsPageResponseDto.Output })
  rejections(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ImportRejectionsQueryDto,
  ): Promise<Page<ImportRejectionResponse>> {
    return this.imports.rejections(principal, id, query);
  }

  @Get('imports/:id/rejections.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: SPREADSHEET, description: 'CSV: line, column, value (as given), reason' })
  rejectionsCsv(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Res() res: Response,
  ): Promise<void> {
    return this.imports.rejectionsCsv(principal, id, res);
  }
}
