import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AdminJobsResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { AdminJobsQueryDto, AdminJobsResponseDto } from './admin-jobs.dto';
import { AdminJobsService } from './admin-jobs.service';
import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_ROUTE } from './queue-dashboard';

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('ADMIN')
@ApiErrorResponses()
@Controller('jobs')
export class AdminJobsController {
  constructor(private readonly jobs: AdminJobsService) {}

  @Get()
  @ApiOkResponse({ type: AdminJobsResponseDto.Output, description: "The account's jobs, joined with their mailings" })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AdminJobsQueryDto): Promise<AdminJobsResponse> {
    return { items: await this.jobs.list(principal, query) };
  }

  /**
   * A browser opens the queue dashboard with a cookie, since it cannot send a bearer token on a
   * navigation: the caller's own token, for the dashboard's path only, for a quarter of an hour.
   */
  @Post('dashboard-session')
  @HttpCode(204)
  @ApiNoContentResponse({ description: `Sets the cookie that opens ${QUEUE_DASHBOARD_ROUTE}` })
  dashboardSession(@CurrentPrincipal() _principal: Principal, @Res({ passthrough: true }) res: Response): void {
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
