import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { SmsSettingsRequest, SmsSettingsResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { SmsSettingsService } from './sms-settings.service';

class SmsSettingsRequestDto extends createZodDto(SmsSettingsRequest) {}
class SmsSettingsResponseDto extends createZodDto(SmsSettingsResponse) {}

@ApiTags('settings')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('settings/sms')
export class SmsSettingsController {
  constructor(private readonly settings: SmsSettingsService) {}

  @Get()
  @ApiOkResponse({ type: SmsSettingsResponseDto.Output })
  get(@CurrentPrincipal() principal: Principal): Promise<SmsSettingsResponse> {
    return this.settings.get(principal);
  }

  /** The account's sender: what recipients see a message come from. */
  @Put()
  @RequireRole('ADMIN')
  @ApiOkResponse({ type: SmsSettingsResponseDto.Output })
  set(@CurrentPrincipal() principal: Principal, @Body() body: SmsSettingsRequestDto): Promise<SmsSettingsResponse> {
    return this.settings.set(principal, body);
  }
}
