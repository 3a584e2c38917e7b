import { Module } from '@nestjs/common';
import { InboundSmtpServer } from './inbound-smtp.server';

@Module({ providers: [InboundSmtpServer], exports: [InboundSmtpServer] })
export class InboundModule {}
