import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApprovalSettingResponse, MailingApprovalResponse, PendingApprovalsResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import {
  ApprovalSettingDto,
  ApprovalSettingResponseDto,
  DecideApprovalDto,
  MailingApprovalResponseDto,
  PendingApprovalsResponseDto,
} from './approvals.dto';
import { ApprovalsService } from './approvals.service';

@ApiTags('approvals')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get('settings/approval')
  @ApiOkResponse({ type: ApprovalSettingResponseDto.Output })
  setting(@CurrentPrincipal() principal: Principal): Promise<ApprovalSettingResponse> {
    return this.approvals.setting(principal);
  }

  @Put('settings/approval')
  @RequireRole('ADMIN')
  @ApiOkResponse({ type: ApprovalSettingResponseDto.Output, description: 'Whether mailings need approval' })
  changeSetting(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ApprovalSettingDto,
  ): Promise<ApprovalSettingResponse> {
    return this.approvals.changeSetting(principal, body);
  }

  @Get('approvals/pending')
  @RequireRole('ADMIN')
  @ApiOkResponse({ type: PendingApprovalsResponseDto.Output, description: 'What waits for an ADMIN to decide' })
  pending(@CurrentPrincipal() principal: Principal): Promise<PendingApprovalsResponse> {
    return this.approvals.pending(principal);
  }

  @Get('mailings/:id/approval')
  @ApiOkResponse({ type: MailingApprovalResponseDto.Output })
  ofMailing(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<MailingApprovalResponse> {
    return this.approvals.ofMailing(principal, id);
  }

  @Post('mailings/:id/approval/request')
  @HttpCode(200)
  @ApiOkResponse({ type: MailingApprovalResponseDto.Output, description: 'Asks an ADMIN other than you to approve' })
  request(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<MailingApprovalResponse> {
    return this.approvals.request(principal, id);
  }

  @Post('mailings/:id/approval/decision')
  @HttpCode(200)
  @RequireRole('ADMIN')
  @ApiOkResponse({ type: MailingApprovalResponseDto.Output, description: 'Approve, or reject with a comment' })
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DecideApprovalDto,
  ): Promise<MailingApprovalResponse> {
    return this.approvals.decide(principal, id, body);
  }
}
