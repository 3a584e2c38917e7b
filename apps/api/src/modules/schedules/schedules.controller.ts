import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ScheduledRunResponse, ScheduleResponse } from '@herald/contracts';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import {
  CreateScheduleDto,
  ScheduleCalendarQueryDto,
  ScheduledRunResponseDto,
  ScheduleOccurrenceDto,
  ScheduleResponseDto,
  UpdateScheduleDto,
} from './schedules.dto';
import { SchedulesService } from './schedules.service';

/** A mailing's schedule (docs/rules/scheduling.md): at most one, addressed through its mailing. */
@ApiTags('schedules')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get('schedules')
  @ApiOkResponse({ type: [ScheduleResponseDto.Output], description: 'Every schedule of the account, next run first' })
  list(@CurrentPrincipal() principal: Principal): Promise<ScheduleResponse[]> {
    return this.schedules.list(principal);
  }

  @Get('schedules/calendar')
  @ApiOkResponse({
    type: [ScheduledRunResponseDto.Output],
    description: 'The runs to come of the active schedules in a window, soonest first',
  })
  calendar(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ScheduleCalendarQueryDto,
  ): Promise<ScheduledRunResponse[]> {
    return this.schedules.calendar(principal, query);
  }

  @Post('mailings/:id/schedule')
  @ApiCreatedResponse({ type: ScheduleResponseDto.Output, description: 'The draft mailing is scheduled' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateScheduleDto,
  ): Promise<ScheduleResponse> {
    return this.schedules.create(principal, id, body);
  }

  @Get('mailings/:id/schedule')
  @ApiOkResponse({ type: ScheduleResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ScheduleResponse> {
    return this.schedules.get(principal, id);
  }

  @Patch('mailings/:id/schedule')
  @ApiOkResponse({ type: ScheduleResponseDto.Output, description: 'Later runs follow the change; not the target' })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateScheduleDto,
  ): Promise<ScheduleResponse> {
    return this.schedules.update(principal, id, body);
  }

  @Post('mailings/:id/schedule/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleResponseDto.Output, description: 'No run starts until it is reactivated' })
  deactivate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ScheduleResponse> {
    return this.schedules.setActive(principal, id, false);
  }

  @Post('mailings/:id/schedule/activate')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleResponseDto.Output, description: 'Runs again from its next occurrence after now' })
  activate(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ScheduleResponse> {
    return this.schedules.setActive(principal, id, true);
  }

  @Post('mailings/:id/schedule/skip')
  @HttpCode(200)
  @ApiOkResponse({
    type: ScheduleResponseDto.Output,
    description: 'That run does not go; the schedule waits for the run after it',
  })
  skip(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ScheduleOccurrenceDto,
  ): Promise<ScheduleResponse> {
    return this.schedules.changeOccurrence(principal, id, body, 'skip');
  }

  @Post('mailings/:id/schedule/restore')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleResponseDto.Output, description: 'A skipped run goes again as planned' })
  restore(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ScheduleOccurrenceDto,
  ): Promise<ScheduleResponse> {
    return this.schedules.changeOccurrence(principal, id, body, 'restore');
  }

  @Delete('mailings/:id/schedule')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The schedule is gone and the mailing is a draft again; earlier runs keep their reports',
  })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.schedules.remove(principal, id);
  }
}
