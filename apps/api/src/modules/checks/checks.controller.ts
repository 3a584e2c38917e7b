import { Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { blockingFindings } from '@herald/checks';
import type { MailingCheckResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { MailingsService } from '../mailings/mailings.service';
import { MailingCheckResponseDto } from './checks.dto';

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
    description: 'The findings: severity (an error blocks sending), code, message, where and how to fix it',
  })
  async check(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<MailingCheckResponse> {
    const findings = await this.mailings.check(principal, id);
    return { findings, blocking: blockingFindings(findings).length > 0 };
  }
}
