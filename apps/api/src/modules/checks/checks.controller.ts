import { Body, Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MailingCheckResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { MailingsService } from '../mailings/mailings.service';
import { AcknowledgeFindingsDto, MailingCheckResponseDto } from './checks.dto';

/** The issue checker (issue 17): what would fail or harm deliverability if the mailing went now. */
@ApiTags('mailings')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailings')
export class ChecksController {
  constructor(private readonly mailings: MailingsService) {}

  @Post(':id/check')
  @HttpCode(200)
  @ApiOkResponse({
    type: MailingCheckResponseDto.Output,
    description:
      'The findings: severity (an error blocks sending, a warning until acknowledged), code, message, where and how to fix it, and the spam rating',
  })
  check(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<MailingCheckResponse> {
    return this.mailings.check(principal, id);
  }

  @Post(':id/check/acknowledgements')
  @HttpCode(200)
  @ApiOkResponse({
    type: MailingCheckResponseDto.Output,
    description: 'Acknowledges current warnings (by key) for the newest document version; answers the check again',
  })
  acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: AcknowledgeFindingsDto,
  ): Promise<MailingCheckResponse> {
    return this.mailings.acknowledge(principal, id, body.keys);
  }
}
