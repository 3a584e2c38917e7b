import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import {
  CreateEmailDocumentDto,
  CreateTextDocumentDto,
  DocumentPreviewResponseDto,
  DocumentResponseDto,
  DocumentSummaryResponseDto,
  PreviewQueryDto,
  TestMailDto,
  TestMailResponseDto,
  UpdateEmailDocumentDto,
  UpdateTextDocumentDto,
  type DocumentResponse,
} from './documents.dto';
import { DocumentsService } from './documents.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('documents')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOkResponse({ type: [DocumentSummaryResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal) {
    return this.documents.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: DocumentResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateEmailDocumentDto): Promise<DocumentResponse> {
    return this.documents.create(principal, body);
  }

  /** An SMS or fax document: one Liquid text. */
  @Post('text')
  @ApiCreatedResponse({ type: DocumentResponseDto.Output })
  createText(@CurrentPrincipal() principal: Principal, @Body() body: CreateTextDocumentDto): Promise<DocumentResponse> {
    return this.documents.createText(principal, body);
  }

  @Patch(':id/text')
  @ApiOkResponse({ type: DocumentResponseDto.Output })
  updateText(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateTextDocumentDto,
  ): Promise<DocumentResponse> {
    return this.documents.updateText(principal, id, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: DocumentResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<DocumentResponse> {
    return this.documents.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: DocumentResponseDto.Output })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateEmailDocumentDto,
  ): Promise<DocumentResponse> {
    return this.documents.update(principal, id, body);
  }

  @Get(':id/preview')
  @ApiOkResponse({ type: DocumentPreviewResponseDto.Output })
  preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PreviewQueryDto,
  ) {
    return this.documents.preview(principal, id, query.profileId, query.subprofileId);
  }

  @Post(':id/test-mail')
  @HttpCode(200)
  @ApiOkResponse({ type: TestMailResponseDto.Output })
  testMail(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: TestMailDto) {
    return this.documents.testMail(principal, id, body);
  }
}
