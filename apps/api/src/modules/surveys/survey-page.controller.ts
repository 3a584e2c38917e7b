import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SURVEY_PATH } from '@herald/templating';
import { Public } from '../../common/auth/decorators';
import { SurveyPagesService, type SurveyPageResult } from './survey-pages.service';

const ROUTE = `${SURVEY_PATH}:token`;

function send(res: Response, result: SurveyPageResult): void {
  if (result.retryAfterSeconds !== undefined) res.set('Retry-After', String(result.retryAfterSeconds));
  res.status(result.status).set('Cache-Control', 'no-store').type('html').send(result.html);
}

/** The survey page a mailing links to: public, trusted only through the link's signature. */
@ApiExcludeController()
@Public()
@Controller()
export class SurveyPageController {
  constructor(private readonly pages: SurveyPagesService) {}

  @Get(ROUTE)
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    send(res, await this.pages.show(token));
  }

  @Post(ROUTE)
  async submit(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    send(res, await this.pages.submit(token, body));
  }
}
