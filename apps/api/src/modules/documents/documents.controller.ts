import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { CreateEmailDocumentDto, PreviewQueryDto, TestMailDto, UpdateEmailDocumentDto, type DocumentResponse } from './documents.dto';
import { DocumentsService } from './documents.service';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal) {
    return this.documents.list(principal);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateEmailDocumentDto): Promise<DocumentResponse> {
    return this.documents.create(principal, body);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<DocumentResponse> {
    return this.documents.get(principal, id);
  }

  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateEmailDocumentDto): Promise<DocumentResponse> {
    return this.documents.update(principal, id, body);
  }

  @Get(':id/preview')
  preview(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Query() query: PreviewQueryDto) {
    return this.documents.preview(principal, id, query.profileId, query.subprofileId);
  }

  @Post(':id/test-mail')
  @HttpCode(200)
  testMail(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: TestMailDto) {
    return this.documents.testMail(principal, id, body);
  }
}
