import { Module } from '@nestjs/common';
import { PrintRunController } from './print-run.controller';
import { PrintRunService } from './print-run.service';

/** A fax mailing's print run: its documents merged into one PDF. */
@Module({ controllers: [PrintRunController], providers: [PrintRunService] })
export class PrintRunModule {}
