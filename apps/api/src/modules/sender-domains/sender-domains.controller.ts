import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SenderDomainResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { CreateSenderDomainDto, SenderDomainResponseDto } from './sender-domains.dto';
import { SenderDomainsService } from './sender-domains.service';

/** Sender domains (issue 17): anyone may read them and their records; ADMINs add, verify and delete. */
@ApiTags('sender-domains')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('sender-domains')
export class SenderDomainsController {
  constructor(private readonly senderDomains: SenderDomainsService) {}

  @Get()
  @ApiOkResponse({ type: [SenderDomainResponseDto.Output], description: 'The account’s sender domains, by name' })
  list(@CurrentPrincipal() principal: Principal): Promise<SenderDomainResponse[]> {
    return this.senderDomains.list(principal);
  }

  @Post()
  @RequireRole('ADMIN')
  @ApiCreatedResponse({
    type: SenderDomainResponseDto.Output,
    description: 'Keys generated; the records to publish in `records`',
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSenderDomainDto): Promise<SenderDomainResponse> {
    return this.senderDomains.create(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: SenderDomainResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SenderDomainResponse> {
    return this.senderDomains.get(principal, id);
  }

  @Post(':id/verify')
  @RequireRole('ADMIN')
  @HttpCode(200)
  @ApiOkResponse({ type: SenderDomainResponseDto.Output, description: 'Each record looked up in DNS now' })
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SenderDomainResponse> {
    return this.senderDomains.verify(principal, id);
  }

  @Delete(':id')
  @RequireRole('ADMIN')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: messages from the domain are no longer signed' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.senderDomains.remove(principal, id);
  }
}
