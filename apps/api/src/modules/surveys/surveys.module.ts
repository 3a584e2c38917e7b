import { Module } from '@nestjs/common';
import { SurveyPageController } from './survey-page.controller';
import { SurveyPagesService } from './survey-pages.service';
import { SurveyResultsService } from './survey-results.service';
import { SurveysController } from './surveys.controller';
import { SurveysService } from './surveys.service';

@Module({
  controllers: [SurveysController, SurveyPageController],
  providers: [SurveysService, SurveyResultsService, SurveyPagesService],
})
export class SurveysModule {}
