import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type {
  SplitRunApprovalResponse,
  SplitRunPlanResponse,
  SplitRunReportResponse,
  SplitRunResponse,
} from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { DecideApprovalDto } from '../approvals/approvals.dto';
import {
  ChooseWinnerDto,
  CreateSplitRunDto,
  PlanDraftRequestDto,
  PlanQueryDto,
  SplitRunApprovalResponseDto,
  SplitRunPlanResponseDto,
  SplitRunReportResponseDto,
  SplitRunResponseDto,
  StartSplitRunQueryDto,
} from './split-runs.dto';
import { SplitRunsService } from './split-runs.service';

@ApiTags('split-runs')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('split-runs')
export class SplitRunsController {
  constructor(private readonly splitRuns: SplitRunsService) {}

  @Post()
  @ApiCreatedResponse({ type: SplitRunResponseDto.Output })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSplitRunDto): Promise<SplitRunResponse> {
    return this.splitRuns.create(principal, body);
  }

  @Get()
  @ApiOkResponse({ type: [SplitRunResponseDto.Output], description: 'The 200 newest, newest first' })
  list(@CurrentPrincipal() principal: Principal): Promise<SplitRunResponse[]> {
    return this.splitRuns.list(principal);
  }

  @Post('plan')
  @HttpCode(200)
  @ApiOkResponse({
    type: SplitRunPlanResponseDto.Output,
    description: 'A split-run not saved yet: its groups over the target now and the smallest difference they detect',
  })
  planDraft(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PlanDraftRequestDto,
  ): Promise<SplitRunPlanResponse> {
    return this.splitRuns.planDraft(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: SplitRunResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SplitRunResponse> {
    return this.splitRuns.get(principal, id);
  }

  @Get(':id/plan')
  @ApiOkResponse({
    type: SplitRunPlanResponseDto.Output,
    description: 'Group sizes now and the smallest difference they detect',
  })
  plan(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PlanQueryDto,
  ): Promise<SplitRunPlanResponse> {
    return this.splitRuns.plan(principal, id, query);
  }

  @Get(':id/approval')
  @ApiOkResponse({ type: SplitRunApprovalResponseDto.Output })
  approval(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SplitRunApprovalResponse> {
    return this.splitRuns.approval(principal, id);
  }

  @Post(':id/approval/request')
  @HttpCode(200)
  @ApiOkResponse({
    type: SplitRunApprovalResponseDto.Output,
    description: 'Asks an ADMIN other than you to approve the split-run (every variant) in one decision',
  })
  requestApproval(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SplitRunApprovalResponse> {
    return this.splitRuns.requestApproval(principal, id);
  }

  @Post(':id/approval/decision')
  @HttpCode(200)
  @RequireRole('ADMIN')
  @ApiOkResponse({
    type: SplitRunApprovalResponseDto.Output,
    description: 'Approve every variant, or reject them with a comment',
  })
  decideApproval(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DecideApprovalDto,
  ): Promise<SplitRunApprovalResponse> {
    return this.splitRuns.decideApproval(principal, id, body);
  }

  @Post(':id/start')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SplitRunResponseDto.Output,
    description: 'Queued: the groups are drawn and the test mailings sent now, or at `at`',
  })
  start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: StartSplitRunQueryDto,
  ): Promise<SplitRunResponse> {
    return this.splitRuns.start(principal, id, query.at === undefined ? undefined : new Date(query.at));
  }

  @Post(':id/winner')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SplitRunResponseDto.Output, description: 'Chosen by hand; the remainder follows' })
  chooseWinner(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ChooseWinnerDto,
  ): Promise<SplitRunResponse> {
    return this.splitRuns.chooseWinner(principal, id, body.variantId);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @ApiOkResponse({ type: SplitRunResponseDto.Output, description: 'The remainder is not sent' })
  stop(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SplitRunResponse> {
    return this.splitRuns.stop(principal, id);
  }

  @Get(':id/report')
  @ApiOkResponse({ type: SplitRunReportResponseDto.Output })
  report(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SplitRunReportResponse> {
    return this.splitRuns.report(principal, id);
  }
}
