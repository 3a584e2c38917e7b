import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { smtpSettingsSchema } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';

class SmtpSettingsDto extends createZodDto(smtpSettingsSchema) {}

interface SmtpSettingsResponse {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  /** Never returned; only whether one is set. */
  hasPassword: boolean;
  senderDomains: string[];
  maxConnections: number;
}

/** The account's outgoing SMTP server; without one, mail goes to the configured default (the mail catcher). */
@ApiTags('settings')
@ApiBearerAuth()
@RequireRole('ADMIN')
@Controller('settings/smtp')
export class SmtpSettingsController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal): Promise<SmtpSettingsResponse | null> {
    const row = await this.prisma.client.smtpSettings.findUnique({ where: { accountId: principal.accountId } });
    return row && { host: row.host, port: row.port, secure: row.secure, username: row.username, hasPassword: Boolean(row.password), senderDomains: row.senderDomains, maxConnections: row.maxConnections };
  }

  @Put()
  async put(@CurrentPrincipal() principal: Principal, @Body() body: SmtpSettingsDto): Promise<SmtpSettingsResponse | null> {
    const data = { host: body.host, port: body.port, secure: body.secure, username: body.username ?? null, password: body.password ?? null, senderDomains: body.senderDomains, maxConnections: body.maxConnections };
    await this.prisma.client.smtpSettings.upsert({ where: { accountId: principal.accountId }, create: { accountId: principal.accountId, ...data }, update: data });
    return this.get(principal);
  }
}
