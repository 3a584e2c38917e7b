import { Module } from '@nestjs/common';
import { SmtpSettingsController } from './smtp-settings.controller';

@Module({ controllers: [SmtpSettingsController] })
export class SmtpSettingsModule {}
