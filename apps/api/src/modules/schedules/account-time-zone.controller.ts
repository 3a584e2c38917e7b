import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { AccountTimeZoneRequest, AccountTimeZoneResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { AccountTimeZoneService } from './account-time-zone.service';

class AccountTimeZoneRequestDto extends createZodDto(AccountTimeZoneRequest) {}
class AccountTimeZoneResponseDto extends createZodDto(AccountTimeZoneResponse) {}

@ApiTags('settings')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('settings/timezone')
export class AccountTimeZoneController {
  constructor(private readonly timeZone: AccountTimeZoneService) {}

  @Get()
  @ApiOkResponse({ type: AccountTimeZoneResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal): Promise<AccountTimeZoneResponse> {
    return this.timeZone.get(principal);
  }

  /** The zone new schedules are in unless they name one (an IANA name such as Europe/Amsterdam). */
  @Put()
  @RequireRole('ADMIN')
  @ApiOkResponse({ type: AccountTimeZoneResponseDto.Output })
  set(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AccountTimeZoneRequestDto,
  ): Promise<AccountTimeZoneResponse> {
    return this.timeZone.set(principal, body);
  }
}
