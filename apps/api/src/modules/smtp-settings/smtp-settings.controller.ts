import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { smtpSettingsSchema } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { SmtpSettingsService, type SmtpSettingsResponse, type SmtpTestResponse } from './smtp-settings.service';
import { SmtpSettingsResponseDto, SmtpTestResponseDto } from './smtp-settings.dto';
import { ApiErrorResponses } from '../../common/openapi';

class SmtpSettingsDto extends createZodDto(smtpSettingsSchema) {}

/** The account's outgoing SMTP server; without one, mail goes to the configured default (the mail catcher). */
@ApiTags('settings')
@ApiBearerAuth()
@RequireRole('ADMIN')
@ApiErrorResponses()
@Controller('settings/smtp')
export class SmtpSettingsController {
  constructor(private readonly settings: SmtpSettingsService) {}

  @Get()
  @ApiOkResponse({
    type: SmtpSettingsResponseDto.Output,
    description: 'null while the account has no SMTP server of its own',
  })
  get(@CurrentPrincipal() principal: Principal): Promise<SmtpSettingsResponse | null> {
    return this.settings.get(principal);
  }

  @Put()
  @ApiOkResponse({ type: SmtpSettingsResponseDto.Output })
  put(@CurrentPrincipal() principal: Principal, @Body() body: SmtpSettingsDto): Promise<SmtpSettingsResponse | null> {
    return this.settings.put(principal, body);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: SmtpTestResponseDto.Output })
  test(@CurrentPrincipal() principal: Principal): Promise<SmtpTestResponse> {
    return this.settings.test(principal);
  }
}
