import { Module } from '@nestjs/common';
import { DynamicReportsController } from './dynamic-reports.controller';
import { DynamicReportsService } from './dynamic-reports.service';

/** Pivots of mailings' results by profile fields, age band, mailing or day, and the layouts users save. */
@Module({ controllers: [DynamicReportsController], providers: [DynamicReportsService] })
export class DynamicReportsModule {}
