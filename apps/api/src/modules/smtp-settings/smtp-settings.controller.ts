import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { smtpSettingsSchema } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { SmtpSettingsService, type SmtpSettingsResponse, type SmtpTestResponse } from './smtp-settings.service';

class SmtpSettingsDto extends createZodDto(smtpSettingsSchema) {}

/** The account's outgoing SMTP server; without one, mail goes to the configured default (the mail catcher). */
@ApiTags('settings')
@ApiBearerAuth()
@RequireRole('ADMIN')
@Controller('settings/smtp')
export class SmtpSettingsController {
  constructor(private readonly settings: SmtpSettingsService) {}

  @Get()
  get(@CurrentPrincipal() principal: Principal): Promise<SmtpSettingsResponse | null> {
    return this.settings.get(principal);
  }

  @Put()
  put(@CurrentPrincipal() principal: Principal, @Body() body: SmtpSettingsDto): Promise<SmtpSettingsResponse | null> {
    return this.settings.put(principal, body);
  }

  @Post('test')
  @HttpCode(200)
  test(@CurrentPrincipal() principal: Principal): Promise<SmtpTestResponse> {
    return this.settings.test(principal);
  }
}
