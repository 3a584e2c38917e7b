import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HeraldConfig } from '@herald/config';
import type { AdminJobsResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import { InjectConfig } from '../../common/config';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { AdminJobsQueryDto, AdminJobsResponseDto } from './admin-jobs.dto';
import { AdminJobsService } from './admin-jobs.service';
import { assertPlatformOperator, QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_ROUTE } from './queue-dashboard';

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('ADMIN')
@ApiErrorResponses()
@Controller('jobs')
export class AdminJobsController {
  constructor(
    private readonly jobs: AdminJobsService,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: AdminJobsResponseDto.Output, description: "The account's jobs, joined with their mailings" })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AdminJobsQueryDto): Promise<AdminJobsResponse> {
    return { items: await this.jobs.list(principal, query) };
  }

  /** Whether the caller may open the queue dashboard, so the admin app offers it only then: 204, or 403 saying why not. */
  @Get('dashboard-access')
  @HttpCode(204)
  @ApiNoContentResponse({ description: `The caller may open ${QUEUE_DASHBOARD_ROUTE}: a platform operator` })
  dashboardAccess(@CurrentPrincipal() principal: Principal): void {
    assertPlatformOperator(principal, this.config);
  }

  /**
   * A browser opens the queue dashboard with a cookie, since it cannot send a bearer token on a
   * navigation: the caller's own token, for the dashboard's path only, for a quarter of an hour.
   * For the platform's operators only, as the dashboard is (assertPlatformOperator).
   */
  @Post('dashboard-session')
  @HttpCode(204)
  @ApiNoContentResponse({ description: `Sets the cookie that opens ${QUEUE_DASHBOARD_ROUTE} (platform operators)` })
  dashboardSession(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): void {
    assertPlatformOperator(principal, this.config);
    const token = res.req.headers.authorization?.replace(/^Bearer /, '');
    if (!token) return;
    res.cookie(QUEUE_DASHBOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: res.req.secure,
      path: QUEUE_DASHBOARD_ROUTE,
      maxAge: 15 * 60_000,
    });
  }
}
