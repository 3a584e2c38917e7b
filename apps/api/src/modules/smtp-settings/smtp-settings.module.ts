import { Module } from '@nestjs/common';
import { SmtpSettingsController } from './smtp-settings.controller';
import { SmtpSettingsService } from './smtp-settings.service';

@Module({ controllers: [SmtpSettingsController], providers: [SmtpSettingsService] })
export class SmtpSettingsModule {}
